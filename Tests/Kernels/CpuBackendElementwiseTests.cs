using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using Reference = TcnWtaNative.Kernels.Reference.ReferenceOps<float>;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The SIMD backend's elementwise ops against the scalar loops, on lengths around the vector width (vector body plus
/// tail). Each is one correctly rounded float operation per element, so the two must agree exactly.
/// </summary>
public class CpuBackendElementwiseTests
{
    private readonly BackendParity _parity = new(new CpuBackend(), new ScalarBackend());

    private static readonly int[] Lengths = [1, 7, 8, 9, 31, 1000, 1027];

    // Uniform values with exact zeros sprinkled in, so ReLU's boundary (y = 0 passes no gradient) is exercised.
    private static float[] WithZeros(int length, int seed)
    {
        var values = RandomTensors.UniformFloat(length, seed);
        for (int i = 0; i < length; i += 5) values[i] = 0f;
        return values;
    }

    [TestCase(1), TestCase(65_536), TestCase(200_003)]
    public void FillSetsEveryElementOfItsRangeAndNothingAround(int length)
    {
        // the parallel fill splits buffers into chunks of 65 536: one exact chunk, and several with a short last one
        var backend = new CpuBackend();
        using var whole = backend.Allocate(length + 2);
        var range = whole.Slice(1, length);
        backend.Fill(whole, -1f);
        backend.Fill(range, 0.5f);
        var host = new float[length + 2];
        backend.Download(whole, host);
        Assert.That(host[1..^1], Is.All.EqualTo(0.5f));
        Assert.That((host[0], host[^1]), Is.EqualTo((-1f, -1f)));
    }

    [Test]
    public void ReluForwardMatchesScalar([ValueSource(nameof(Lengths))] int length)
        => _parity.AssertEqual("relu forward", [WithZeros(length, 1), RandomTensors.UniformFloat(length, 2)],
            (backend, b) => backend.ReluForward(b[0], b[1]));

    [Test]
    public void ReluBackwardMatchesScalar([ValueSource(nameof(Lengths))] int length, [Values] bool accumulate)
    {
        var y = WithZeros(length, 3);
        for (int i = 0; i < length; i++) y[i] = Math.Max(y[i], 0f);
        _parity.AssertEqual($"relu backward accumulate={accumulate}",
            [y, RandomTensors.UniformFloat(length, 4), RandomTensors.UniformFloat(length, 5)],
            (backend, b) => backend.ReluBackward(b[0], b[1], b[2], accumulate));
    }

    [Test]
    public void AddMatchesScalar([ValueSource(nameof(Lengths))] int length)
        => _parity.AssertEqual("add",
            [RandomTensors.UniformFloat(length, 6), RandomTensors.UniformFloat(length, 7),
            RandomTensors.UniformFloat(length, 8)], (backend, b) => backend.Add(b[0], b[1], b[2]));

    [Test]
    public void AddIntoMatchesScalar([ValueSource(nameof(Lengths))] int length)
        => _parity.AssertEqual("add into",
            [RandomTensors.UniformFloat(length, 9), RandomTensors.UniformFloat(length, 10)],
            (backend, b) => backend.AddInto(b[0], b[1]));

    [Test]
    public void MultiplyMatchesScalar([ValueSource(nameof(Lengths))] int length)
        => _parity.AssertEqual("multiply",
            [RandomTensors.UniformFloat(length, 11), RandomTensors.UniformFloat(length, 12),
            RandomTensors.UniformFloat(length, 13)], (backend, b) => backend.Multiply(b[0], b[1], b[2]));

    [Test]
    public void ScaleMatchesScalarAndMultipliesEveryElement([ValueSource(nameof(Lengths))] int length)
    {
        var x = RandomTensors.UniformFloat(length, 14);
        _parity.AssertEqual("scale", [x], (backend, b) => backend.Scale(b[0], 0.37f));
        var (scaled, _) = _parity.Run([x], (backend, b) => { backend.Scale(b[0], 2f); return 0; });
        TensorAssert.Equal(scaled.Buffers[0], x.Select(v => 2f * v).ToArray(), "scale by 2");
    }

    [TestCase(5, 13, 8, TestName = "CopyRowsPadMatchesTheReference")]
    [TestCase(5, 13, 13, TestName = "CopyRowsSameLengthMatchesTheReference")]
    [TestCase(5, 13, 6, TestName = "CopyRowsCropMatchesTheReference")]
    [TestCase(3, 1, 9, TestName = "CopyRowsPadFromOneStepMatchesTheReference")]
    public void CopyRowsMatchesTheReference(int rows, int destinationLength, int sourceLength)
    {
        var source = RandomTensors.UniformFloat(rows * sourceLength, 15);
        var destination = Enumerable.Repeat(float.NaN, rows * destinationLength).ToArray();
        var expected = new float[rows * destinationLength];
        Reference.CopyRows(rows, source, sourceLength, expected, destinationLength);

        var (cpu, scalar) = _parity.Run([source, destination],
            (backend, b) => { backend.CopyRows(rows, b[0], sourceLength, b[1], destinationLength); return 0; });

        TensorAssert.Equal(cpu.Buffers[1], expected, "cpu backend copy rows");
        TensorAssert.Equal(scalar.Buffers[1], expected, "scalar backend copy rows");
    }

    [TestCase(7, 27 * 16, TestName = "GatherRowsOfFewDrumBarsMatchesTheScalarLoop")]
    [TestCase(3000, 27 * 16, TestName = "GatherRowsOfManyDrumBarsMatchesTheScalarLoop")]   // many items per worker
    [TestCase(5000, 1, TestName = "GatherRowsOfOneFloatMatchesTheScalarLoop")]
    public void GatherRowsMatchesTheScalarLoop(int rows, int rowLength)
    {
        // a permutation of the source's rows with repeats, into a destination with a NaN guard on each side
        const int SourceRows = 2003;
        var source = RandomTensors.UniformFloat(SourceRows * rowLength, 16);
        var indices = Enumerable.Range(0, rows).Select(r => (float)(r * 7919 % SourceRows)).ToArray();
        var destination = Enumerable.Repeat(float.NaN, rows * rowLength + 2).ToArray();
        var (cpu, scalar) = _parity.Run([source, indices, destination], (backend, b) =>
        {
            backend.GatherRows(rows, rowLength, b[0], b[1], b[2].Slice(1, rows * rowLength));
            return 0;
        });
        TensorAssert.Equal(cpu.Buffers[2], scalar.Buffers[2], "cpu against scalar gather");
        int last = rows - 1, lastSource = (int)indices[last];
        Assert.That(cpu.Buffers[2][1 + last * rowLength], Is.EqualTo(source[lastSource * rowLength]));
        Assert.That((cpu.Buffers[2][0], cpu.Buffers[2][^1]), Is.EqualTo((float.NaN, float.NaN)));
    }

    [TestCase(2003f, TestName = "GatherRowsPastTheSourceThrowsAndCopiesNothing")]
    [TestCase(-1f, TestName = "GatherRowsOfANegativeIndexThrowsAndCopiesNothing")]
    [TestCase(2.5f, TestName = "GatherRowsOfAFractionalIndexThrowsAndCopiesNothing")]
    public void GatherRowsOfABadIndexThrowsAndCopiesNothing(float badIndex)
    {
        const int Rows = 3000, RowLength = 16, SourceRows = 2003;
        var backend = new CpuBackend();
        using var source = backend.Allocate(SourceRows * RowLength);
        using var indices = backend.Allocate(Rows);
        using var destination = backend.Allocate(Rows * RowLength);
        backend.Fill(source, 1f);
        backend.Fill(destination, -1f);
        var picked = Enumerable.Range(0, Rows).Select(r => (float)(r % SourceRows)).ToArray();
        picked[Rows - 1] = badIndex;
        backend.Upload(picked, indices);
        Assert.That(() => backend.GatherRows(Rows, RowLength, source, indices, destination),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("outside a source"));
        var after = new float[Rows * RowLength];
        backend.Download(destination, after);
        Assert.That(after, Is.All.EqualTo(-1f));
    }
}
