using System.Runtime.Intrinsics;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The SIMD backend's products of long frames (K = 16, 32, 64, 128) whose dy is a code of up to one value in eight
/// non-zero, which read and write the signal's frames in place, summing in registers a block of columns at a time
/// (<see cref="SparseFrameCodes.DecodeLongFrames"/>, <see cref="SparseFrameCodes.WeightGradientOfLongFrames"/>):
/// against the scalar loops (the decoder's forward with and without each loss, the weight gradient), against the
/// narrow products over rows of frames to the bit, on one worker and on all, and through the backend where only a path
/// over the non-zeros stays finite. The frame rows end in blocks of every width (8, 4, 2 and 1 vectors).
/// </summary>
public class LongFrameCodeTests
{
    private readonly BackendParity _parity = new(new CpuBackend(), new ScalarBackend());

    private static readonly (string Name, ConvGeometry Geometry, int K)[] Cases =
    [
        ("K=32, 13 channels (blocks 8, 8, 8, 2)", new ConvGeometry(2, 13, 120, 32 * 9, 32, Stride: 32), 12),
        ("K=16, 15 channels (blocks 8, 4, 2, 1)", new ConvGeometry(3, 15, 96, 16 * 6, 16, Stride: 16), 10),
        ("K=64, 5 channels (blocks 8, 8, 4)", new ConvGeometry(1, 5, 80, 64 * 12, 64, Stride: 64), 8),
        ("K=128, 3 channels (blocks 8, 8, 8)", new ConvGeometry(2, 3, 64, 128 * 5, 128, Stride: 128), 7),
        ("K=32, one value in 40 (below the narrow limit)", new ConvGeometry(2, 6, 80, 32 * 7, 32, Stride: 32), 2),
        ("K=16, 4 x 100 frames (code sorted in ranges)", new ConvGeometry(4, 15, 200, 16 * 100, 16, Stride: 16), 12),
        ("K=32, 8 channels, one item of 100 frames (decoded in frame ranges)",
            new ConvGeometry(1, 8, 60, 32 * 100, 32, Stride: 32), 6),
    ];

    /// <summary>(geometry, k, accumulate) for every case.</summary>
    public static IEnumerable<TestCaseData> Geometries() =>
        from c in Cases
        from accumulate in new[] { false, true }
        select new TestCaseData(c.Geometry, c.K, accumulate)
            .SetArgDisplayNames(c.Name, $"k={c.K}", accumulate ? "accumulate" : "overwrite");

    public static IEnumerable<TestCaseData> Losses()
    {
        foreach (var (name, g, k) in Cases.Take(4).Where(c => c.Geometry.InChannels % 3 == 0))
        foreach (var loss in new[] { LossSpec.Mse, LossSpec.L1, LossSpec.Hits(g.InChannels / 3) })
        foreach (bool masked in new[] { false, true })
            yield return new TestCaseData(g, k, loss, masked)
                .SetArgDisplayNames(name, loss.ToString(), masked ? "masked" : "unmasked");
    }

    [SetUp]
    public void RequireWideVectors()
        => Assume.That(Vector512.IsHardwareAccelerated, "the long-frame products run on 512-bit vectors only");

    [TestCaseSource(nameof(Geometries))]
    public void TheDecodeOfLongFramesMatchesScalar(ConvGeometry g, int k, bool accumulate)
    {
        var (absolute, relative) = BackendParity.SumTolerance(k + 1);
        float[][] buffers = [LongFrameCode(g, k, seed: 1), RandomTensors.UniformFloat(g.WeightSize, 2),
            accumulate ? RandomTensors.UniformFloat(g.InputSize, 3) : Garbage(g.InputSize)];
        _parity.AssertClose($"long frames, decode {g}", buffers,
            (backend, b) => backend.Conv1dBackwardInput(g, b[0], b[1], b[2], accumulate), absolute, relative);
    }

    [TestCaseSource(nameof(Losses))]
    public void TheDecoderWithItsLossOnLongFramesMatchesScalar(ConvGeometry g, int k, LossSpec loss, bool masked)
    {
        var (absolute, relative) = BackendParity.SumTolerance(k + 1);
        var buffers = WinnerCodes.DecoderWithLossBuffers(g, LongFrameCode(g, k, seed: 8), loss, masked);
        _parity.AssertClose($"long frames, decoder + loss {g}", buffers, (backend, b) =>
            backend.Conv1dBackwardInputWithLoss(g, b[0], b[1], loss, b[2], masked ? b[5] : null, b[3], b[4]),
            absolute, relative);
    }

    [TestCaseSource(nameof(Geometries))]
    public void TheWeightGradientOfLongFramesMatchesScalar(ConvGeometry g, int k, bool accumulate)
    {
        var (absolute, relative) = BackendParity.SumTolerance(g.Batch * g.OutLength + 1);
        float[][] buffers = [RandomTensors.UniformFloat(g.InputSize, 5), LongFrameCode(g, k, seed: 4),
            accumulate ? RandomTensors.UniformFloat(g.WeightSize, 6) : Garbage(g.WeightSize)];
        _parity.AssertClose($"long frames, weight gradient {g}", buffers,
            (backend, b) => backend.Conv1dBackwardWeight(g, b[0], b[1], b[2], accumulate), absolute, relative);
    }

    // the same terms in the same order as the narrow products: the decode sums a frame's atoms in index order from
    // zero and adds the sum to x; the weight gradient adds an atom's frames in order onto dw or zero
    [TestCaseSource(nameof(Geometries))]
    public void LongFramesGiveTheNarrowProductsFloats(ConvGeometry g, int k, bool accumulate)
    {
        var code = LongFrameCode(g, k, seed: 12);
        var weights = RandomTensors.UniformFloat(g.WeightSize, 13);
        var signal = RandomTensors.UniformFloat(g.InputSize, 14);
        int width = g.InChannels * g.KernelSize;
        float[] Start(int length, int seed) => accumulate ? RandomTensors.UniformFloat(length, seed) : Garbage(length);
        var (longDecode, narrowDecode) = (Start(g.InputSize, 15), Start(g.InputSize, 15));
        var (longGradient, narrowGradient) = (Start(g.WeightSize, 16), Start(g.WeightSize, 16));
        var sparse = new SparseFrameCodes();
        sparse.DecodeLongFrames(g.Batch, g.OutChannels, g.OutLength, g.KernelSize, g.InChannels, code, 0, weights, 0,
            longDecode, 0, accumulate, loss: null);
        sparse.DecodeIntoSignal(g.Batch, g.OutChannels, g.OutLength, g.KernelSize, width, code, 0, weights, 0,
            narrowDecode, 0, accumulate, loss: null);
        sparse.WeightGradientOfLongFrames(g.Batch, g.OutChannels, g.OutLength, g.KernelSize, g.InChannels, code, 0,
            signal, 0, longGradient, 0, accumulate);
        sparse.WeightGradient(g.Batch, g.OutChannels, g.OutLength, width, code, 0, Frames(g, signal), 0,
            narrowGradient, 0, accumulate);
        Assert.Multiple(() =>
        {
            Assert.That(longDecode, Is.EqualTo(narrowDecode), "decode");
            Assert.That(longGradient, Is.EqualTo(narrowGradient), "weight gradient");
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    [NonParallelizable]
    public void LongFrameProductsGiveTheSameFloatsOnOneWorkerAndOnAll(bool weightGradient)
    {
        var g = new ConvGeometry(4, 15, 96, 16 * 6, 16, Stride: 16);
        var code = LongFrameCode(g, 10, seed: 17);
        var operand = RandomTensors.UniformFloat(weightGradient ? g.InputSize : g.WeightSize, 18);
        float[] OnWorkers(int workers)
        {
            var sparse = new SparseFrameCodes();
            var output = new float[weightGradient ? g.WeightSize : g.InputSize];
            CoreWorkers.Active = workers;
            try
            {
                if (weightGradient)
                    sparse.WeightGradientOfLongFrames(g.Batch, g.OutChannels, g.OutLength, g.KernelSize,
                        g.InChannels, code, 0, operand, 0, output, 0, accumulate: false);
                else sparse.DecodeLongFrames(g.Batch, g.OutChannels, g.OutLength, g.KernelSize, g.InChannels, code, 0,
                    operand, 0, output, 0, accumulate: false, loss: null);
            }
            finally { CoreWorkers.Active = CoreWorkers.Count; }
            return output;
        }
        Assert.That(OnWorkers(1), Is.EqualTo(OnWorkers(CoreWorkers.Count)));
    }

    // An atom that never wins with an infinite weight, and an infinite input in a frame no atom codes: the dense GEMM
    // adds 0 * infinity = NaN, the products over the code's non-zeros skip those terms, so a finite result shows the
    // backend took them.
    [Test]
    public void TheBackendTakesTheLongFrameProductsForACodeOfOneValueInTen()
    {
        var g = Cases[0].Geometry;
        var code = LongFrameCode(g, 12, seed: 19);
        int idle = Enumerable.Range(0, g.OutChannels).First(n => Enumerable.Range(0, g.Batch * g.OutLength)
            .All(f => code[(f / g.OutLength * g.OutChannels + n) * g.OutLength + f % g.OutLength] == 0f));
        var weights = RandomTensors.UniformFloat(g.WeightSize, 20);
        weights[idle * g.InChannels * g.KernelSize] = float.PositiveInfinity;
        var signal = RandomTensors.UniformFloat(g.InputSize, 21);
        signal[4 * g.KernelSize] = float.PositiveInfinity;   // item 0, channel 0, frame 4: an empty column
        using var backend = new CpuBackend();
        var (codeBuffer, weightBuffer, signalBuffer) =
            (backend.Uploaded(code), backend.Uploaded(weights), backend.Uploaded(signal));
        var (decoded, gradient) = (backend.Allocate(g.InputSize), backend.Allocate(g.WeightSize));
        backend.Conv1dBackwardInput(g, codeBuffer, weightBuffer, decoded, accumulate: false);
        backend.Conv1dBackwardWeight(g, signalBuffer, codeBuffer, gradient, accumulate: false);
        var (decodedValues, gradientValues) = (new float[g.InputSize], new float[g.WeightSize]);
        backend.Download(decoded, decodedValues);
        backend.Download(gradient, gradientValues);
        Assert.Multiple(() =>
        {
            Assert.That(SparseFrameCodes.IsSparse(code), Is.False, "past the narrow products' limit");
            Assert.That(decodedValues.All(float.IsFinite), Is.True, "decode");
            Assert.That(gradientValues.All(float.IsFinite), Is.True, "weight gradient");
        });
    }

    [Test]
    public void OnlyManyFramesOfWholeVectorsDividing128AreLong()
    {
        Assert.Multiple(() =>
        {
            foreach (int kernel in new[] { 16, 32, 64, 128 })
                Assert.That(SparseFrameCodes.HandlesLongFrames(kernel, length: 2), Is.True, $"K={kernel}");
            foreach (int kernel in new[] { 2, 8, 48, 256 })
                Assert.That(SparseFrameCodes.HandlesLongFrames(kernel, length: 9), Is.False, $"K={kernel}");
            Assert.That(SparseFrameCodes.HandlesLongFrames(32, length: 1), Is.False, "a single frame");
        });
    }

    // a winner code (WinnerCodes.Random), asserted within the long-frame products' limit
    private static float[] LongFrameCode(ConvGeometry g, int k, int seed)
    {
        var code = WinnerCodes.Random(g, k, seed);
        Assert.That(SparseFrameCodes.IsSparse(code, SparseFrameCodes.LongFramesMostNonZeros), Is.True,
            "the test's code must be within the long-frame limit");
        return code;
    }

    // im2row of non-overlapping frames: rows[(b,l), c*K + j] = x[b, c, l*K + j]
    private static float[] Frames(ConvGeometry g, float[] signal)
    {
        int length = g.OutLength, kernel = g.KernelSize, width = g.InChannels * kernel;
        var rows = new float[g.Batch * length * width];
        for (int b = 0; b < g.Batch; b++)
        for (int c = 0; c < g.InChannels; c++)
        for (int t = 0; t < length * kernel; t++)
            rows[(b * length + t / kernel) * width + c * kernel + t % kernel] =
                signal[(b * g.InChannels + c) * length * kernel + t];
        return rows;
    }

    private static float[] Garbage(int length) => WinnerCodes.Garbage(length);
}
