using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Tests.Training.Evaluation;

public class PooledF1Tests
{
    [Test]
    public void PoolsTheCountsOfEveryItemBeforeTakingTheRatios()
    {
        var pooled = new PooledF1();
        pooled.Add(3, 1, 0);
        pooled.Add(1, 0, 3);
        // TP 4, FP 1, FN 3: P = 4/5, R = 4/7, F1 = 2PR/(P+R) = 2/3
        Assert.That(pooled.Precision, Is.EqualTo(0.8).Within(1e-12));
        Assert.That(pooled.Recall, Is.EqualTo(4.0 / 7).Within(1e-12));
        Assert.That(pooled.F1, Is.EqualTo(2.0 / 3).Within(1e-12));
    }

    [Test]
    public void ItemsThatAllAgreeGiveAnIntervalOfOnePoint()
    {
        var pooled = new PooledF1();
        for (int i = 0; i < 20; i++) pooled.Add(3, 1, 2);
        var (low, high) = pooled.F1Interval();
        Assert.That((low, high), Is.EqualTo((pooled.F1, pooled.F1)));
    }

    [Test]
    public void ItemsThatDisagreeGiveAnIntervalAroundThePooledF1ThatNarrowsWithMoreItems()
    {
        PooledF1 Items(int copies)
        {
            var pooled = new PooledF1();
            for (int i = 0; i < copies; i++)
            {
                pooled.Add(9, 1, 0);
                pooled.Add(1, 5, 6);
            }
            return pooled;
        }
        var (few, many) = (Items(5), Items(200));
        var (fewLow, fewHigh) = few.F1Interval();
        var (manyLow, manyHigh) = many.F1Interval();
        Assert.That(fewLow, Is.LessThan(few.F1));
        Assert.That(fewHigh, Is.GreaterThan(few.F1));
        Assert.That(manyLow, Is.LessThanOrEqualTo(many.F1));
        Assert.That(manyHigh, Is.GreaterThanOrEqualTo(many.F1));
        Assert.That(manyHigh - manyLow, Is.LessThan((fewHigh - fewLow) / 3));
        Assert.That(few.F1Interval(seed: 1), Is.EqualTo(few.F1Interval(seed: 1)), "seeded, so reproducible");
    }
}
