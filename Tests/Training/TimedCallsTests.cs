using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>The benchmarks' median: sorted in place, the middle call or the mean of the two middle ones.</summary>
public sealed class TimedCallsTests
{
    [Test]
    public void AnOddCountGivesTheMiddleCallAndLeavesTheTimesSorted()
    {
        double[] times = [5, 1, 4, 2, 3];
        Assert.That(TimedCalls.SortAndMedian(times), Is.EqualTo(3));
        Assert.That(times, Is.EqualTo(new double[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public void AnEvenCountGivesTheMeanOfTheTwoMiddleCalls()
        => Assert.That(TimedCalls.SortAndMedian([10, 1, 4, 2]), Is.EqualTo(3));

    [Test]
    public void NoCallsIsAnError()
        => Assert.That(() => TimedCalls.SortAndMedian([]), Throws.ArgumentException.With.Message.Contains("one timed"));
}
