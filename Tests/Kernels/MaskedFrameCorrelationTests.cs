using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The SIMD backend's forward behind a winner mask of many long frames (maestro's decoder input gradient, 100 of
/// 1,000 atoms a column), computed only at the mask's non-zeros, blocked by atom and frame
/// (<see cref="MaskedFrameCorrelation"/>): against the scalar loops, past its density limit (the dense pair), on one
/// worker and on all, and the split of a batch item into work items. Outputs start as NaN where the op overwrites.
/// </summary>
public class MaskedFrameCorrelationTests
{
    private readonly BackendParity _parity = new(new CpuBackend(), new ScalarBackend());

    private static readonly (string Name, ConvGeometry Geometry, int K)[] Cases =
    [
        ("maestro-like K=32: slices of 16, 16 and 8 channels", new ConvGeometry(1, 40, 120, 64 * 32, 32, Stride: 32),
            12),
        ("K=16, 37 channels: a slice of 32 and one of 5 (an odd vector count), two items",
            new ConvGeometry(2, 37, 90, 40 * 16, 16, Stride: 16), 9),
        ("K=48: slices of 10 channels and 1 (3 vectors a channel)", new ConvGeometry(1, 11, 50, 35 * 48, 48,
            Stride: 48), 5),
        ("K=128: slices of 4 channels, 300 frames in frame ranges", new ConvGeometry(1, 6, 40, 300 * 128, 128,
            Stride: 128), 4),
        ("K=16, 1,200 frames: a frame range longer than a block of 128", new ConvGeometry(1, 4, 30, 1200 * 16, 16,
            Stride: 16), 3),
        ("five items, each its own work item", new ConvGeometry(5, 20, 64, 32 * 32, 32, Stride: 32), 6),
        ("1,100 atoms over 128 frames: a mask of 140,800 values counted in ranges of rows",
            new ConvGeometry(1, 4, 1100, 128 * 32, 32, Stride: 32), 100),
    ];

    public static IEnumerable<TestCaseData> Geometries() =>
        Cases.Select(c => new TestCaseData(c.Geometry, c.K).SetArgDisplayNames(c.Name, $"k={c.K}"));

    [TestCaseSource(nameof(Geometries))]
    public void TheForwardAtAWinnerMaskMatchesScalar(ConvGeometry g, int k)
    {
        var mask = WinnerCodes.Random(g, k, seed: 31);   // k values a column, not only ones: y = conv * mask
        KeepAnAtomEverywhere(g, mask, atom: g.OutChannels - 1);
        Assert.Multiple(() =>
        {
            Assert.That(MaskedFrameCorrelation.Handles(g), Is.True, "the geometry must take the blocked path");
            Assert.That(SparseFrameCodes.IsSparse(mask, MaskedFrameCorrelation.MostNonZeros), Is.True,
                "the mask must be within the blocked path's limit");
        });
        AssertMatchesScalar(g, mask, "winner");
    }

    [TestCaseSource(nameof(Geometries))]
    public void PastItsLimitTheDensePairMatchesScalar(ConvGeometry g, int k)
    {
        var mask = WinnerCodes.Random(g, k, seed: 32);
        for (int i = 0; i < mask.Length; i += 5) mask[i] = 1f;   // a fifth more on: past one in eight
        Assert.That(SparseFrameCodes.IsSparse(mask, MaskedFrameCorrelation.MostNonZeros), Is.False,
            "the mask must be past the blocked path's limit");
        AssertMatchesScalar(g, mask, "dense");
    }

    [Test]
    public void AValueTheMaskDropsIsZeroEvenWhereTheSignalIsNaN()
    {
        var g = new ConvGeometry(1, 20, 30, 40 * 32, 32, Stride: 32);
        var mask = new float[g.OutputSize];
        mask[3 * g.OutLength + 5] = 2f;   // atom 3 at frame 5
        var x = RandomTensors.UniformFloat(g.InputSize, 33);
        x[7 * g.InLength + 9 * 32 + 4] = float.NaN;   // channel 7 of frame 9, which the mask drops
        using var backend = new CpuBackend();
        float[][] inputs = [x, RandomTensors.UniformFloat(g.WeightSize, 34), mask, WinnerCodes.Garbage(g.OutputSize)];
        var b = inputs.Select(input => backend.Allocate(input.Length)).ToArray();
        for (int i = 0; i < inputs.Length; i++) backend.Upload(inputs[i], b[i]);
        backend.Conv1dForwardMasked(g, b[0], b[1], b[2], b[3]);
        var y = new float[g.OutputSize];
        backend.Download(b[3], y);
        double expected = 0;
        for (int c = 0; c < g.InChannels; c++)
            for (int j = 0; j < 32; j++)
                expected += (double)inputs[1][3 * g.InChannels * 32 + c * 32 + j] * x[c * g.InLength + 5 * 32 + j];
        Assert.Multiple(() =>
        {
            Assert.That(y[3 * g.OutLength + 5], Is.EqualTo(2 * expected).Within(1e-4), "the kept value");
            Assert.That(y.Where((_, i) => i != 3 * g.OutLength + 5), Is.All.EqualTo(0f), "every dropped value");
        });
    }

    [Test]
    [NonParallelizable]
    public void AMaestroPieceGivesTheSameFloatsOnOneWorkerAndOnAll()
    {
        // one item split into more atom ranges on all workers than on one
        var g = new ConvGeometry(1, 60, 300, 128 * 32, 32, Stride: 32);
        float[][] inputs = [RandomTensors.UniformFloat(g.InputSize, 35), RandomTensors.UniformFloat(g.WeightSize, 36),
            WinnerCodes.Random(g, 30, seed: 37)];
        float[] OnWorkers(int workers)
        {
            using var backend = new CpuBackend();
            var b = inputs.Select(input => backend.Allocate(input.Length)).Append(backend.Allocate(g.OutputSize))
                .ToArray();
            for (int i = 0; i < inputs.Length; i++) backend.Upload(inputs[i], b[i]);
            CoreWorkers.Active = workers;
            try { backend.Conv1dForwardMasked(g, b[0], b[1], b[2], b[3]); }
            finally { CoreWorkers.Active = CoreWorkers.Count; }
            var y = new float[g.OutputSize];
            backend.Download(b[3], y);
            return y;
        }
        Assert.That(OnWorkers(CoreWorkers.Count), Is.EqualTo(OnWorkers(1)));
    }

    [TestCase(1, 1000, 128, 2, 8, 1, TestName = "one maestro piece on 2 workers: atom ranges only (N/L = 7.8)")]
    [TestCase(1, 1000, 1024, 2, 3, 3, TestName = "a piece 8 times longer: atoms and frames alike (N/L = 1)")]
    [TestCase(1, 40, 300, 1, 1, 4, TestName = "few atoms, many frames: frame ranges only")]
    [TestCase(8, 1000, 128, 2, 1, 1, TestName = "as many items as work items wanted: whole items")]
    [TestCase(1, 1000, 64, 16, 32, 2, TestName = "16 workers, a short piece")]
    [TestCase(1, 2, 40, 16, 2, 1, TestName = "frame ranges keep 32 frames or more")]
    public void TheSplitReadsLeastForAboutFourItemsPerWorker(int batch, int atoms, int length, int workers,
        int atomRanges, int frameRanges)
        => Assert.That(MaskedFrameCorrelation.Split(batch, atoms, length, workers),
            Is.EqualTo((atomRanges, frameRanges)));

    [Test]
    public void AnAtomThatKeepsEveryFrameAloneLeavesAnEmptyAtomRangeAndStillMatchesScalar()
    {
        // 40 atoms over 64 frames: two atom ranges on two workers or more; the last atom carries most of the work, so
        // the first range takes every atom and the second none
        var g = new ConvGeometry(1, 8, 40, 64 * 32, 32, Stride: 32);
        var mask = new float[g.OutputSize];
        KeepAnAtomEverywhere(g, mask, atom: g.OutChannels - 1);
        AssertMatchesScalar(g, mask, "one-atom");
    }

    private void AssertMatchesScalar(ConvGeometry g, float[] mask, string kind)
    {
        var (absolute, relative) = BackendParity.SumTolerance(g.InChannels * g.KernelSize);
        float[][] buffers = [RandomTensors.UniformFloat(g.InputSize, 38), RandomTensors.UniformFloat(g.WeightSize, 39),
            mask, WinnerCodes.Garbage(g.OutputSize)];
        _parity.AssertClose($"forward at a {kind} mask {g}", buffers,
            (backend, b) => backend.Conv1dForwardMasked(g, b[0], b[1], b[2], b[3]), absolute, relative);
    }

    // atom n kept in every frame of every item, with values other than one
    private static void KeepAnAtomEverywhere(ConvGeometry g, float[] mask, int atom)
    {
        for (int b = 0; b < g.Batch; b++)
            for (int l = 0; l < g.OutLength; l++) mask[(b * g.OutChannels + atom) * g.OutLength + l] = 0.5f + l % 3;
    }
}
