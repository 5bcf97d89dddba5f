using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>`bench --threads`: the counts it accepts, and a one-line refusal of the others.</summary>
public class ThreadSweepTests
{
    [Test]
    public void AcceptsDistinctAscendingCountsUpToTheWorkers()
        => Assert.That(ThreadSweep.Parse(" 1, 2,4 ,16", workers: 16), Is.EqualTo(new[] { 1, 2, 4, 16 }));

    [TestCase("", "names no thread count")]
    [TestCase("0,2", "'0' is not a thread count in 1..16")]
    [TestCase("1,32", "'32' is not a thread count in 1..16")]
    [TestCase("1,two", "'two' is not a thread count")]
    [TestCase("4,2", "distinct counts in ascending order")]
    [TestCase("2,2", "distinct counts in ascending order")]
    public void RefusesOtherCountsInOneLine(string list, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ThreadSweep.Parse(list, workers: 16));
        Assert.That(error!.Message, Does.Contain(message).And.Not.Contain("\n"));
    }
}
