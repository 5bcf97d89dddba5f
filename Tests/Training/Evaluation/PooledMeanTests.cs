using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Tests.Training.Evaluation;

/// <summary>
/// <see cref="PooledMean"/>: the mean over all values, a bootstrap interval over items, and a paired difference whose
/// resamples draw whole groups.
/// </summary>
public class PooledMeanTests
{
    [Test]
    public void TheMeanPoolsValuesNotItemsAndItsIntervalHoldsIt()
    {
        var errors = new PooledMean();
        errors.Add(1, 1.0);
        errors.Add(3, 0.3);
        errors.Add(0, 0);

        Assert.That(errors.Mean, Is.EqualTo(1.3 / 4).Within(1e-12), "pooled: an item's weight is its values");
        var (low, high) = errors.Interval();
        Assert.That(low, Is.LessThanOrEqualTo(errors.Mean));
        Assert.That(high, Is.GreaterThanOrEqualTo(errors.Mean));
        Assert.That(high - low, Is.GreaterThan(0.1), "items of 1 and 0.1 a value resample to different means");
        Assert.That(new PooledMean().Mean, Is.Zero);
    }

    [Test]
    public void APairedDifferenceOfAShiftedCopyIsTheShiftAtEveryResample()
    {
        var (a, b) = (new PooledMean(), new PooledMean());
        var random = new Random(3);
        for (int i = 0; i < 40; i++)
        {
            int count = random.Next(1, 10);
            double error = random.NextDouble() * count;
            a.Add(count, error + 0.25 * count);
            b.Add(count, error);
        }
        int[] groups = [.. Enumerable.Range(0, 40).Select(i => i / 4)];

        var (difference, low, high) = PooledMean.PairedDifference(a, b, groups);

        Assert.That(difference, Is.EqualTo(0.25).Within(1e-9));
        Assert.That(low, Is.EqualTo(0.25).Within(1e-9), "every resample pairs the same items");
        Assert.That(high, Is.EqualTo(0.25).Within(1e-9));
        Assert.That(() => PooledMean.PairedDifference(a, b, groups[1..]), Throws.ArgumentException);
        Assert.That(() => PooledMean.PairedDifference(a, b, [.. groups.Select(g => g == 3 ? 11 : g)]),
            Throws.ArgumentException.With.Message.Contains("no group left empty"));
    }
}
