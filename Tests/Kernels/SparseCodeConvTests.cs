using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The SIMD backend's convolutions of non-overlapping frames whose dy is a winner-take-all code (k of N values per
/// column, some columns empty), which run over its non-zeros (<see cref="SparseFrameCodes"/>), against the scalar
/// loops: the decoder's forward (the input gradient), fused with each loss, and the weight gradient of the decoder
/// (code as dy) and of the encoder (the masked gradient as dy, over a dense or a sparse input), on a single frame, a
/// few frames, many frames (the windowed GEMM's shapes when dense) and K = 1; and the forward of a sparse input (an
/// onset roll, a one-hot signal), alone and with the encoder's top-k; the forward at a winner mask (the decoder's
/// input gradient behind it), sparse and dense. Outputs start as NaN where the op overwrites.
/// </summary>
public class SparseCodeConvTests
{
    private readonly BackendParity _parity = new(new CpuBackend(), new ScalarBackend());

    private static readonly (string Name, ConvGeometry Geometry, int K)[] Cases =
    [
        ("groove-like single frame", new ConvGeometry(515, 27, 100, 16, 16, Stride: 16), 4),
        ("groove-like, code sorted in ranges", new ConvGeometry(1401, 27, 100, 16, 16, Stride: 16), 4),
        ("single frame of 27 x 3 (blocks 4, 1 and a tail)", new ConvGeometry(64, 27, 50, 3, 3, Stride: 3), 3),
        ("piano-like frames L=32, two chunks", new ConvGeometry(17, 22, 240, 64, 2, Stride: 2), 4),
        ("frames K=2, L=7 (4 x 4 blocks, 2 channels and 3 frames left)", new ConvGeometry(6, 10, 40, 14, 2, Stride: 2),
            2),
        ("frames L=5, k=1", new ConvGeometry(3, 11, 19, 40, 8, Stride: 8), 1),
        ("frames L=70 (windowed when dense)", new ConvGeometry(2, 13, 64, 560, 8, Stride: 8), 3),
        ("K=1, L=80 (windowed when dense)", new ConvGeometry(2, 5, 48, 80, 1), 2),
        ("single frame of 9 x 7 into 68 atoms (blocks of 3 and 4 vectors, tails 15 and 4)",
            new ConvGeometry(40, 9, 68, 7, 7, Stride: 7), 3),
        ("K=1, L=6, 17 channels into 20 atoms (one vector and a tail)", new ConvGeometry(5, 17, 20, 6, 1), 1),
        ("single frame of 5 x 8, k=6 (products four at a time, then two; 8 values past the vectors)",
            new ConvGeometry(33, 5, 100, 8, 8, Stride: 8), 6),
        ("single frame of 4 x 12, k=1 (one product a pass)", new ConvGeometry(21, 4, 30, 12, 12, Stride: 12), 1),
        ("one item, K=1, L=700 (a piece's 1x1 convolution: frames split, steps transposed in ranges)",
            new ConvGeometry(1, 39, 64, 700, 1), 2),
        ("one item, frames K=4, L=300 (frames split, a short last range)", new ConvGeometry(1, 12, 40, 1200, 4,
            Stride: 4), 2),
    ];

    /// <summary>(geometry, k, accumulate) for every case.</summary>
    public static IEnumerable<TestCaseData> Geometries() => WithFlag("accumulate", "overwrite");

    /// <summary>(geometry, k, with bias) for every case.</summary>
    public static IEnumerable<TestCaseData> ForwardGeometries() => WithFlag("bias", "no bias");

    /// <summary>(geometry, k, dense mask) for every case.</summary>
    public static IEnumerable<TestCaseData> MaskGeometries() => WithFlag("dense mask", "winner mask");

    private static IEnumerable<TestCaseData> WithFlag(string yes, string no) =>
        from c in Cases
        from flag in new[] { false, true }
        select new TestCaseData(c.Geometry, c.K, flag).SetArgDisplayNames(c.Name, $"k={c.K}", flag ? yes : no);

    /// <summary>(geometry, k) for every case.</summary>
    public static IEnumerable<TestCaseData> Encoders()
        => Cases.Select(c => new TestCaseData(c.Geometry, c.K).SetArgDisplayNames(c.Name, $"k={c.K}"));

    public static IEnumerable<TestCaseData> Losses()
    {
        var g = new ConvGeometry(515, 27, 100, 16, 16, Stride: 16);
        var frames = new ConvGeometry(3, 18, 240, 64, 2, Stride: 2);
        foreach (var (name, geometry) in new[] { ("groove-like single frame", g), ("piano-like frames", frames) })
        foreach (var loss in new[] { LossSpec.Mse, LossSpec.L1, LossSpec.Hits(geometry.InChannels / 3) })
        foreach (bool masked in new[] { false, true })
            yield return new TestCaseData(geometry, loss, masked)
                .SetArgDisplayNames(name, loss.ToString(), masked ? "masked" : "unmasked");
    }

    [TestCaseSource(nameof(Geometries))]
    public void TheInputGradientOfASparseCodeMatchesScalar(ConvGeometry g, int k, bool accumulate)
    {
        var code = WinnerCode(g, k, seed: 1);
        var (absolute, relative) = BackendParity.SumTolerance(k + 1);
        float[][] buffers = [code, RandomTensors.UniformFloat(g.WeightSize, 2),
            accumulate ? RandomTensors.UniformFloat(g.InputSize, 3) : Garbage(g.InputSize)];
        _parity.AssertClose($"sparse code, input gradient {g}", buffers,
            (backend, b) => backend.Conv1dBackwardInput(g, b[0], b[1], b[2], accumulate), absolute, relative);
    }

    [TestCaseSource(nameof(Geometries))]
    public void TheWeightGradientOfASparseCodeMatchesScalar(ConvGeometry g, int k, bool accumulate)
    {
        var code = WinnerCode(g, k, seed: 4);
        var (absolute, relative) = BackendParity.SumTolerance(g.Batch * g.OutLength + 1);
        float[][] buffers = [RandomTensors.UniformFloat(g.InputSize, 5), code,
            accumulate ? RandomTensors.UniformFloat(g.WeightSize, 6) : Garbage(g.WeightSize)];
        _parity.AssertClose($"sparse code, weight gradient {g}", buffers,
            (backend, b) => backend.Conv1dBackwardWeight(g, b[0], b[1], b[2], accumulate), absolute, relative);
    }

    [TestCaseSource(nameof(Geometries))]
    public void TheWeightGradientOfASparseCodeAndASparseInputMatchesScalar(ConvGeometry g, int k, bool accumulate)
    {
        var (absolute, relative) = BackendParity.SumTolerance(g.Batch * g.OutLength + 1);
        float[][] buffers = [SparseSignal(g, seed: 22), WinnerCode(g, k, seed: 23),
            accumulate ? RandomTensors.UniformFloat(g.WeightSize, 24) : Garbage(g.WeightSize)];
        _parity.AssertClose($"sparse code and input, weight gradient {g}", buffers,
            (backend, b) => backend.Conv1dBackwardWeight(g, b[0], b[1], b[2], accumulate), absolute, relative);
    }

    [TestCaseSource(nameof(ForwardGeometries))]
    public void TheForwardOfASparseInputMatchesScalar(ConvGeometry g, int k, bool withBias)
    {
        var input = SparseSignal(g, seed: 14);
        var (absolute, relative) = BackendParity.SumTolerance(g.InChannels * g.KernelSize);
        float[][] buffers = [input, RandomTensors.UniformFloat(g.WeightSize, 15),
            RandomTensors.UniformFloat(g.OutChannels, 16), Garbage(g.OutputSize)];
        _parity.AssertClose($"sparse input, forward {g}", buffers,
            (backend, b) => backend.Conv1dForward(g, b[0], b[1], withBias ? b[2] : null, b[3]), absolute, relative);
    }

    [TestCaseSource(nameof(Encoders))]
    public void TheEncoderWithTopKOfASparseInputMatchesScalar(ConvGeometry g, int k)
    {
        var input = SparseSignal(g, seed: 17);
        var (absolute, relative) = BackendParity.SumTolerance(g.InChannels * g.KernelSize);
        float[][] buffers = [input, RandomTensors.UniformFloat(g.WeightSize, 18),
            Garbage(g.OutputSize), Garbage(g.OutputSize), Garbage(g.OutputSize)];
        _parity.AssertClose($"sparse input, forward + top-{k} {g}", buffers,
            (backend, b) => backend.Conv1dForwardTopKChannels(g, b[0], b[1], k, b[2], b[3], b[4]), absolute,
            relative);
    }

    [TestCaseSource(nameof(MaskGeometries))]
    public void TheForwardAtAWinnerMaskMatchesScalar(ConvGeometry g, int k, bool denseMask)
    {
        var mask = WinnerCode(g, k, seed: 19);   // k values a column, not only ones: y = conv * mask
        if (denseMask)   // every fourth value on as well: past the sparse limit, the dense forward then the product
            for (int i = 0; i < mask.Length; i += 4) mask[i] = 1f;
        Assert.That(SparseFrameCodes.IsSparse(mask), Is.EqualTo(!denseMask), "the mask must take the intended path");
        var (absolute, relative) = BackendParity.SumTolerance(g.InChannels * g.KernelSize);
        float[][] buffers = [RandomTensors.UniformFloat(g.InputSize, 20), RandomTensors.UniformFloat(g.WeightSize, 21),
            mask, Garbage(g.OutputSize)];
        _parity.AssertClose($"forward at a {(denseMask ? "dense" : "winner")} mask {g}", buffers,
            (backend, b) => backend.Conv1dForwardMasked(g, b[0], b[1], b[2], b[3]), absolute, relative);
    }

    [TestCaseSource(nameof(Losses))]
    public void TheDecoderWithItsLossOnASparseCodeMatchesScalar(ConvGeometry g, LossSpec loss, bool masked)
    {
        var (absolute, relative) = BackendParity.SumTolerance(g.OutChannels * g.KernelSize);
        var buffers = WinnerCodes.DecoderWithLossBuffers(g, WinnerCode(g, 4, seed: 8), loss, masked);
        _parity.AssertClose($"sparse code, decoder + loss {g}", buffers, (backend, b) =>
            backend.Conv1dBackwardInputWithLoss(g, b[0], b[1], loss, b[2], masked ? b[5] : null, b[3], b[4]),
            absolute, relative);
    }

    [Test]
    public void ACodeIsSparseUpToOneValueInSixteenNonZero()
    {
        var code = new float[1600];
        for (int i = 0; i < 100; i++) code[i * 16 + 3] = i + 1;
        Assert.That(SparseFrameCodes.IsSparse(code), Is.True, "100 of 1600");
        code[5] = -1f;
        Assert.That(SparseFrameCodes.IsSparse(code), Is.False, "101 of 1600");
        code[5] = 0f;
        code[1599] = float.NaN;
        Assert.That(SparseFrameCodes.IsSparse(code), Is.False, "100 of 1600 and a NaN");
    }

    // counted by the workers in ranges (the last one longer), from an offset: the one-thread answer at the limit and
    // one past it, on one worker and on all
    [TestCase(1)]
    [TestCase(0)]
    [NonParallelizable]
    public void ALongCodeCountedByTheWorkersGivesTheOneThreadAnswer(int activeWorkers)
    {
        const int offset = 5, length = 9 * SparseFrameCodes.FewestValuesPerCountRange + 13;
        var values = new float[offset + length + 7];
        values[offset - 1] = values[offset + length] = 1f;   // outside the range: never counted
        int limit = length / 16;
        for (int i = 0; i < limit; i++) values[offset + (int)((long)i * length / limit)] = i % 2 == 0 ? 2f : -3f;
        CoreWorkers.Active = activeWorkers == 0 ? CoreWorkers.Count : activeWorkers;
        try
        {
            Assert.That(SparseFrameCodes.IsSparse(values, offset, length), Is.True, "at the limit");
            values[offset + length - 1] = float.NaN;   // in the last range's extra values
            Assert.That(SparseFrameCodes.IsSparse(values.AsSpan(offset, length)), Is.False, "one thread, past it");
            Assert.That(SparseFrameCodes.IsSparse(values, offset, length), Is.False, "past the limit");
        }
        finally { CoreWorkers.Active = CoreWorkers.Count; }
    }

    [TestCase(false)]
    [TestCase(true)]
    [NonParallelizable]
    public void SparseProductsGiveTheSameFloatsOnOneWorkerAndOnAll(bool weightGradient)
    {
        // big enough that the workers split the code's sort into more ranges and its atoms into more runs than one
        var g = new ConvGeometry(2700, 27, 100, 16, 16, Stride: 16);
        var code = WinnerCode(g, 4, seed: 11);
        var weights = RandomTensors.UniformFloat(g.WeightSize, 12);
        var frames = RandomTensors.UniformFloat(g.InputSize, 13);
        float[] OnWorkers(int workers)
        {
            var sparse = new SparseFrameCodes();
            var output = new float[weightGradient ? g.WeightSize : g.InputSize];
            CoreWorkers.Active = workers;
            try
            {
                if (weightGradient)
                    sparse.WeightGradient(g.Batch, g.OutChannels, 1, 27 * 16, code, 0, frames, 0, output, 0, false);
                else sparse.Decode(g.Batch, g.OutChannels, 1, 27 * 16, code, 0, weights, 0, output, 0, false);
            }
            finally { CoreWorkers.Active = CoreWorkers.Count; }
            return output;
        }
        Assert.That(OnWorkers(1), Is.EqualTo(OnWorkers(CoreWorkers.Count)));
    }

    // a winner code (WinnerCodes.Random), asserted sparse enough for the backend to take the sparse path
    private static float[] WinnerCode(ConvGeometry g, int k, int seed)
    {
        var code = WinnerCodes.Random(g, k, seed);
        Assert.That(SparseFrameCodes.IsSparse(code), Is.True, "the test's code must take the sparse path");
        return code;
    }

    // x[B, C, T] with one value in twenty non-zero (magnitudes in [0.1, 1], either sign), asserted sparse enough for
    // the backend to take the sparse path
    private static float[] SparseSignal(ConvGeometry g, int seed)
    {
        var random = new Random(seed);
        var signal = new float[g.InputSize];
        for (int i = 0; i < signal.Length; i++)
            if (random.Next(20) == 0) signal[i] = (random.Next(2) == 0 ? -1f : 1f) * (0.1f + 0.9f * random.NextSingle());
        Assert.That(SparseFrameCodes.IsSparse(signal), Is.True, "the test's input must take the sparse path");
        return signal;
    }

    private static float[] Garbage(int length) => WinnerCodes.Garbage(length);
}
