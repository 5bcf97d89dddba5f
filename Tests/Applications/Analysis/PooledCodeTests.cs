using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

public class PooledCodeTests
{
    // code [3 atoms, 4 columns]: atom 0 wins twice, atom 1 once (negative), atom 2 never
    private static readonly SparseCode Code = new(3, 4, [2, 0, 4, 0, 0, -1, 0, 0, 0, 0, 0, 0]);

    [Test]
    public void MeanMaxAndUsageOfEachAtom()
    {
        var pooled = new PooledCode.Accumulator(3);
        pooled.Add(Code);

        var result = pooled.Result();

        Assert.That(result.Mean, Is.EqualTo(new[] { 1.5, -0.25, 0 }));
        Assert.That(result.Max, Is.EqualTo(new[] { 4.0, 0, 0 }), "an atom's max counts the columns it lost as zero");
        Assert.That(result.Usage, Is.EqualTo(new[] { 2 / 3.0, 1 / 3.0, 0 }).Within(1e-12));
        Assert.That(result.Spread, Is.EqualTo(new[] { Math.Sqrt(5 - 1.5 * 1.5), Math.Sqrt(0.25 - 0.25 * 0.25), 0 })
            .Within(1e-12), "the standard deviation over all four columns, zeros included");
        Assert.That(result.ActiveMean, Is.EqualTo(new[] { 3.0, -1, 0 }), "the mean over the columns an atom won");
    }

    [Test]
    public void WindowsPoolToTheWholeCode()
    {
        var pooled = new PooledCode.Accumulator(3);
        pooled.Add(new SparseCode(3, 1, [2, 0, 0]));
        pooled.Add(new SparseCode(3, 3, [0, 4, 0, -1, 0, 0, 0, 0, 0]));
        var whole = new PooledCode.Accumulator(3);
        whole.Add(Code);

        var (a, b) = (pooled.Result(), whole.Result());

        Assert.That(a.Mean, Is.EqualTo(b.Mean));
        Assert.That(a.Max, Is.EqualTo(b.Max));
        Assert.That(a.Usage, Is.EqualTo(b.Usage));
        Assert.That(a.Spread, Is.EqualTo(b.Spread).Within(1e-12));
        Assert.That(a.ActiveMean, Is.EqualTo(b.ActiveMean));
    }

    [Test]
    public void LocalMaxIsTheMeanOfEachSegmentsLargestValueHoweverTheWindowsFall()
    {
        // one atom over 2.5 segments: largest 3 in the first, 5 in the second, 1 in the last half segment
        int columns = 5 * PooledCode.SegmentColumns / 2;
        var values = new float[columns];
        (values[10], values[20], values[PooledCode.SegmentColumns + 1], values[2 * PooledCode.SegmentColumns + 3]) = (3,
            2, 5, 1);
        var whole = new PooledCode.Accumulator(1);
        whole.Add(new SparseCode(1, columns, values));
        var windowed = new PooledCode.Accumulator(1);
        foreach (var (start, length) in new[] { (0, 100), (100, 35), (135, columns - 135) })
            windowed.Add(new SparseCode(1, length, values[start..(start + length)]));

        Assert.That(whole.Result().LocalMax, Is.EqualTo(new[] { (3 + 5 + 1) / 3.0 }).Within(1e-12));
        Assert.That(windowed.Result().LocalMax, Is.EqualTo(whole.Result().LocalMax).Within(1e-12));
        Assert.That(whole.Result().Max, Is.EqualTo(new[] { 5.0 }));
    }

    [Test]
    public void AnAllNegativeAtomKeepsItsLargestValue()
    {
        var pooled = new PooledCode.Accumulator(1);
        pooled.Add(new SparseCode(1, 2, [-3, -2]));
        Assert.That(pooled.Result().Max, Is.EqualTo(new[] { -2.0 }));
    }

    [Test]
    public void AWindowOfTheWrongAtomCountIsRefused()
        => Assert.That(() => new PooledCode.Accumulator(2).Add(Code),
            Throws.ArgumentException.With.Message.Contains("3 atoms"));
}
