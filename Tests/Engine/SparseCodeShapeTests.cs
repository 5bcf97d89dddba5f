using TcnWtaNative.Engine.Inference;

namespace TcnWtaNative.Tests.Engine;

/// <summary>
/// A sparse code or a signal edit given sizes that do not fit its values is an <see cref="ArgumentException"/> naming
/// them, where it read a neighbour's value, overflowed or ran out of memory.
/// </summary>
public class SparseCodeShapeTests
{
    [Test]
    public void ACodeWhoseValuesDoNotFitItsShapeIsRefused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new SparseCode(2, 2, [1, 2, 3]),
                Throws.ArgumentException.With.Message.StartsWith("a sparse code [2, 2] holds 4 values, got 3"));
            Assert.That(() => new SparseCode(0, 3, []), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new SparseCode(2, -1, []), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new SparseCode(2, 2, null!), Throws.ArgumentNullException);
            Assert.That(() => new SparseCode(2, 2, [1, 2, 3, 4]) with { Values = [1, 2] },
                Throws.ArgumentException.With.Message.StartsWith("a sparse code [2, 2] holds 4 values, got 2"));
        });
    }

    [Test]
    public void AnIndexOutsideTheCodeIsRefused()
    {
        var code = new SparseCode(2, 2, [1, 2, 3, 4]);

        Assert.That(code[1, 0], Is.EqualTo(3));
        Assert.That(() => code[0, 2], Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains(
            "[0, 2] lies outside the code [2, 2]"));
        Assert.That(() => code[-1, 0], Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(-2, -3)]
    [TestCase(-1, 4)]
    [TestCase(100_000, 100_000)]
    public void ZerosOfAnImpossibleShapeIsRefused(int atoms, int columns)
        => Assert.That(() => SparseCode.Zeros(atoms, columns), Throws.TypeOf<ArgumentOutOfRangeException>()
            .With.Message.Contains($"got [{atoms}, {columns}]"));

    [Test]
    public void SignalEditsOfImpossibleSizesAreRefused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => SignalRows.Slice(new float[4], 1, 4, 2, int.MaxValue), Throws.ArgumentException);
            Assert.That(() => SignalRows.PadToLength(new float[4], -1, -4, 8), Throws.ArgumentException);
            Assert.That(() => SignalRows.PadToLength(new float[3], 1, 4, 8), Throws.ArgumentException);
            Assert.That(() => SignalRows.Concatenate([null!], 1, 4),
                Throws.ArgumentException.With.Message.EqualTo("signal 0 holds 0 values, not [1, 4]"));
            Assert.That(() => SignalRows.Concatenate([new float[4]], -1, -4), Throws.ArgumentException);
            Assert.That(() => SignalRows.Concatenate([new float[4], new float[4]], 1 << 20, 1 << 11),
                Throws.ArgumentException.With.Message.Contains("more than an array holds"));
        });
        Assert.That(SignalRows.Concatenate([[1, 2], [3, 4]], 1, 2), Is.EqualTo(new float[] { 1, 2, 3, 4 }));
    }
}
