using TcnWtaNative.Tests.Support;
using static TcnWtaNative.Tests.Support.FiniteDifference;
using Ops = TcnWtaNative.Kernels.Reference.ReferenceOps<double>;

namespace TcnWtaNative.Tests.Kernels.GradientChecks;

/// <summary>
/// ReLU, the residual Add, Multiply, CopyRows and SumOfSquares in float64 against central differences, and
/// NormalizeRows' values.
/// </summary>
public class ElementwiseGradientTests
{
    private const int Length = 53;

    private delegate void Binary(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> result);

    // L = sum(op(a, b) * R)
    private static double BinaryLoss(Binary op, double[] a, double[] b, double[] upstream)
    {
        var result = new double[a.Length];
        op(a, b, result);
        return Dot(result, upstream);
    }

    [Test]
    public void ReluBackwardMatchesCentralDifferencesAwayFromZero()
    {
        var x = RandomTensors.AwayFromZero(Length, 1, margin: 10 * DefaultStep);
        var upstream = RandomTensors.Uniform(Length, 2);
        var y = new double[Length];
        Ops.ReluForward(x, y);
        var dx = new double[Length];
        Ops.ReluBackward(y, upstream, dx, accumulate: false);

        Assert.That(x.Count(v => v < 0), Is.InRange(10, Length - 10), "both sides of the kink are exercised");
        AssertGradient("relu dL/dx", p =>
        {
            var output = new double[Length];
            Ops.ReluForward(p, output);
            return Dot(output, upstream);
        }, x, dx);
    }

    [Test]
    public void ReluBackwardOverwritesOrAccumulates()
    {
        var x = RandomTensors.AwayFromZero(Length, 3, margin: 0.1);
        var upstream = RandomTensors.Uniform(Length, 4);
        var previous = RandomTensors.Uniform(Length, 5, 5, 6);
        var y = new double[Length];
        Ops.ReluForward(x, y);
        var fresh = new double[Length];
        Ops.ReluBackward(y, upstream, fresh, accumulate: false);

        var overwritten = (double[])previous.Clone();
        Ops.ReluBackward(y, upstream, overwritten, accumulate: false);
        var accumulated = (double[])previous.Clone();
        Ops.ReluBackward(y, upstream, accumulated, accumulate: true);

        TensorAssert.Equal(overwritten, fresh, "accumulate: false ignores dx's old contents");
        TensorAssert.Equal(accumulated, previous.Zip(fresh, (p, f) => p + f).ToArray(), "accumulate: true adds to dx");
    }

    [Test]
    public void AddPassesTheUpstreamGradientToBothOperands()
    {
        var a = RandomTensors.Uniform(Length, 6);
        var b = RandomTensors.Uniform(Length, 7);
        var upstream = RandomTensors.Uniform(Length, 8);

        AssertGradient("add dL/da", p => BinaryLoss(Ops.Add, p, b, upstream), a, upstream);
        AssertGradient("add dL/db", p => BinaryLoss(Ops.Add, a, p, upstream), b, upstream);
    }

    [Test]
    public void MultiplyGradientIsTheUpstreamTimesTheOtherOperand()
    {
        var a = RandomTensors.Uniform(Length, 9);
        var b = RandomTensors.Uniform(Length, 10);
        var upstream = RandomTensors.Uniform(Length, 11);
        var da = new double[Length];
        Ops.Multiply(upstream, b, da);
        var db = new double[Length];
        Ops.Multiply(upstream, a, db);

        AssertGradient("multiply dL/da", p => BinaryLoss(Ops.Multiply, p, b, upstream), a, da);
        AssertGradient("multiply dL/db", p => BinaryLoss(Ops.Multiply, a, p, upstream), b, db);
    }

    // Padding to a longer row and cropping to a shorter one are each other's adjoint: the gradient of a pad is a crop.
    [TestCase(7, 11, TestName = "CopyRowsPadGradientIsACrop")]
    [TestCase(11, 7, TestName = "CopyRowsCropGradientIsAZeroPad")]
    [TestCase(9, 9, TestName = "CopyRowsSameLengthGradientIsACopy")]
    public void CopyRowsGradientIsCopyRowsTheOtherWay(int sourceLength, int destinationLength)
    {
        const int rows = 3;
        var source = RandomTensors.Uniform(rows * sourceLength, 12);
        var upstream = RandomTensors.Uniform(rows * destinationLength, 13);
        var dsource = RandomTensors.Uniform(rows * sourceLength, 14);   // garbage that must be overwritten
        Ops.CopyRows(rows, upstream, destinationLength, dsource, sourceLength);

        AssertGradient("copy-rows dL/dsource", p =>
        {
            var destination = RandomTensors.Uniform(rows * destinationLength, 15);
            Ops.CopyRows(rows, p, sourceLength, destination, destinationLength);
            return Dot(destination, upstream);
        }, source, dsource);
    }

    [Test]
    public void CopyRowsKeepsEachRowsPrefixAndZeroFillsTheRest()
    {
        const int rows = 4, sourceLength = 6, destinationLength = 9;
        var source = RandomTensors.Uniform(rows * sourceLength, 16);
        var padded = RandomTensors.Uniform(rows * destinationLength, 17);
        Ops.CopyRows(rows, source, sourceLength, padded, destinationLength);
        var cropped = new double[rows * 4];
        Ops.CopyRows(rows, source, sourceLength, cropped, 4);

        for (int r = 0; r < rows; r++)
        {
            var row = source.AsSpan(r * sourceLength, sourceLength);
            TensorAssert.Equal(padded.AsSpan(r * destinationLength, sourceLength), row, $"padded row {r}: prefix");
            TensorAssert.Equal(padded.AsSpan(r * destinationLength + sourceLength, destinationLength - sourceLength),
                new double[destinationLength - sourceLength], $"padded row {r}: zero tail");
            TensorAssert.Equal(cropped.AsSpan(r * 4, 4), row[..4], $"cropped row {r}");
        }
    }

    [Test]
    public void SumOfSquaresGradientIsTwiceTheInput()
    {
        var x = RandomTensors.Uniform(Length, 18);
        AssertGradient("sum of squares d/dx", p => Ops.SumOfSquares(p), x, x.Select(v => 2 * v).ToArray());
        Assert.That(Ops.SumOfSquares(x), Is.EqualTo(Dot(x, x)).Within(1e-12).Percent);
    }

    [Test]
    public void NormalizeRowsGivesUnitRowsInTheSameDirectionAndLeavesZeroRowsZero()
    {
        const int rows = 5, rowLength = 7;
        var matrix = RandomTensors.Uniform(rows * rowLength, 19, -3, 3);
        Array.Clear(matrix, 2 * rowLength, rowLength);   // row 2 is all zeros
        var original = (double[])matrix.Clone();
        Ops.NormalizeRows(matrix, rows, rowLength);

        for (int r = 0; r < rows; r++)
        {
            var before = original.AsSpan(r * rowLength, rowLength);
            var after = matrix.AsSpan(r * rowLength, rowLength);
            if (r == 2)
            {
                TensorAssert.Equal(after, before, "a zero row stays zero");
                continue;
            }
            double norm = Math.Sqrt(Dot(before, before));
            Assert.That(Dot(after, after), Is.EqualTo(1).Within(1e-12), $"row {r} has unit norm");
            TensorAssert.AllClose(after, before.ToArray().Select(v => v / norm).ToArray(), 1e-15, 1e-12,
                $"row {r} keeps its direction");
        }
    }
}
