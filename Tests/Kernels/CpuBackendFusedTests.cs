using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The SIMD backend's fused ops (top-k in the encoder GEMM's epilogue, the loss in the decoder GEMM's epilogue or after
/// each scattered row) against the scalar backend, and against the same backend running the unfused ops in turn, on
/// every path: a single frame (top-k along the GEMM's rows, the loss per batch item), many frames (the windowed
/// forward, top-k along its columns; im2row and scatter for the loss), a few frames, overlapping strides, a long
/// stride-1 signal. Outputs start as NaN, so every element must be written.
/// </summary>
public class CpuBackendFusedTests
{
    private readonly CpuBackend _fused = new();
    private readonly BackendParity _scalar, _composition;

    public CpuBackendFusedTests()
    {
        _scalar = new(_fused, new ScalarBackend());
        _composition = new(_fused, new CpuBackend());
    }

    public static IEnumerable<TestCaseData> Encoders()
    {
        yield return Case("groove-like single frame", new ConvGeometry(515, 27, 100, 16, 16, Stride: 16), 4);
        yield return Case("single frame, k > 16", new ConvGeometry(40, 3, 50, 8, 8, Stride: 8), 20);
        yield return Case("maestro-like windowed frames, k > 16", new ConvGeometry(2, 16, 120, 560, 8, Stride: 8), 20);
        yield return Case("maestro-like windowed frames, k = 1", new ConvGeometry(2, 16, 120, 560, 8, Stride: 8), 1);
        yield return Case("short im2row frames, k = 1", new ConvGeometry(3, 5, 33, 24, 4, Stride: 4), 1);
        yield return Case("short im2row frames, k > 16", new ConvGeometry(3, 5, 33, 24, 4, Stride: 4), 17);
        yield return Case("overlapping stride 2", new ConvGeometry(2, 3, 19, 31, 5, Stride: 2, PadLeft: 1, PadRight: 1),
            3);
    }

    public static IEnumerable<TestCaseData> Decoders()
    {
        (string, ConvGeometry)[] geometries =
        [
            ("groove-like single frame", new ConvGeometry(515, 27, 100, 16, 16, Stride: 16)),
            ("maestro-like im2row frames", new ConvGeometry(1, 40, 60, 560, 8, Stride: 8)),
            ("short frames", new ConvGeometry(3, 4, 9, 24, 4, Stride: 4)),
            ("long stride 1 (windowed)", new ConvGeometry(2, 5, 7, 100, 3, PadLeft: 2)),
        ];
        foreach (var (name, g) in geometries)
        foreach (var loss in new[] { LossSpec.Mse, LossSpec.L1, LossSpec.Hits(HitChannelsOf(g.InChannels)) })
        foreach (bool masked in new[] { false, true })
            yield return new TestCaseData(g, loss, masked)
                .SetArgDisplayNames(name, loss.ToString(), masked ? "masked" : "unmasked");
    }

    // the largest H that splits C into H hit channels and whole groups of H value channels (27 -> 9, 40 -> 20, 5 -> 1)
    private static int HitChannelsOf(int channels) => Enumerable.Range(1, channels - 1).Last(h => channels % h == 0);

    private static TestCaseData Case(string name, ConvGeometry g, int k)
        => new TestCaseData(g, k).SetArgDisplayNames(name, $"k={k}");

    [TestCaseSource(nameof(Encoders))]
    public void ForwardTopKMatchesScalar(ConvGeometry g, int k)
        => ForwardTopK(_scalar, g, k,
            (backend, b) => backend.Conv1dForwardTopKChannels(g, b[0], b[1], k, b[2], b[3], b[4]));

    [TestCaseSource(nameof(Encoders))]
    public void ForwardTopKMatchesTheUnfusedOps(ConvGeometry g, int k)
        => ForwardTopK(_composition, g, k, (backend, b) =>
        {
            if (ReferenceEquals(backend, _fused)) backend.Conv1dForwardTopKChannels(g, b[0], b[1], k, b[2], b[3], b[4]);
            else ComposedOps.Conv1dForwardTopKChannels(backend, g, b[0], b[1], k, b[2], b[3], b[4]);
        });

    [TestCaseSource(nameof(Decoders))]
    public void BackwardInputWithLossMatchesScalar(ConvGeometry g, LossSpec loss, bool masked)
        => WithLoss(_scalar, g, loss, masked, (backend, b) =>
            backend.Conv1dBackwardInputWithLoss(g, b[0], b[1], loss, b[2], masked ? b[5] : null, b[3], b[4]));

    [TestCaseSource(nameof(Decoders))]
    public void BackwardInputWithLossMatchesTheUnfusedOps(ConvGeometry g, LossSpec loss, bool masked)
        => WithLoss(_composition, g, loss, masked, (backend, b) => ReferenceEquals(backend, _fused)
            ? backend.Conv1dBackwardInputWithLoss(g, b[0], b[1], loss, b[2], masked ? b[5] : null, b[3], b[4])
            : ComposedOps.Conv1dBackwardInputWithLoss(backend, g, b[0], b[1], loss, b[2], masked ? b[5] : null, b[3],
                b[4]));

    [Test]
    public void AKOutsideOneToNIsAClearError()
    {
        var g = new ConvGeometry(2, 3, 5, 8, 4, Stride: 4);
        using var backend = new CpuBackend();
        var buffers = new[] { g.InputSize, g.WeightSize, g.OutputSize, g.OutputSize,
            g.OutputSize }.Select(backend.Allocate).ToArray();
        Assert.That(
            () => backend.Conv1dForwardTopKChannels(g, buffers[0], buffers[1], 6, buffers[2], buffers[3], buffers[4]),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("1 <= k <= N"));
    }

    // x, w -> z, code, mask; z and code are sums of Cin*K products, the mask must match exactly (a 0/1 difference
    // exceeds any sum tolerance)
    private static void ForwardTopK(BackendParity parity, ConvGeometry g, int k,
        Action<IComputeBackend, DeviceBuffer[]> op)
    {
        var (absolute, relative) = BackendParity.SumTolerance(g.InChannels * g.KernelSize);
        float[][] buffers = [RandomTensors.UniformFloat(g.InputSize, 1), RandomTensors.UniformFloat(g.WeightSize, 2),
            Garbage(g.OutputSize), Garbage(g.OutputSize), Garbage(g.OutputSize)];
        parity.AssertClose($"conv forward + top-{k} {g}", buffers, op, absolute, relative);
    }

    // dy, w, target -> prediction, gradient (and the loss); an optional time mask [B, T] with the first item whole and
    // the rest partly masked; for the hits loss the target's hit rows are 0/1
    private static void WithLoss(BackendParity parity, ConvGeometry g, LossSpec loss, bool masked,
        Func<IComputeBackend, DeviceBuffer[], double> op)
    {
        var (absolute, relative) = BackendParity.SumTolerance(g.OutChannels * g.KernelSize);
        var timeMask = RandomTensors.ToFloat(RandomTensors.BinaryMask(g.Batch * g.InLength, 3, keep: 0.7));
        timeMask.AsSpan(0, g.InLength).Fill(1f);
        List<float[]> buffers = [RandomTensors.UniformFloat(g.OutputSize, 4),
            RandomTensors.UniformFloat(g.WeightSize, 5), loss.Kind == LossKind.Hits
                ? RandomTensors.ToFloat(RandomTensors.HitGrid(g.Batch, g.InChannels, g.InLength, loss.HitChannels, 6))
                : RandomTensors.UniformFloat(g.InputSize, 6),
            Garbage(g.InputSize), Garbage(g.InputSize)];
        if (masked) buffers.Add(timeMask);
        parity.AssertClose($"conv backward input + loss {g}", [.. buffers], op, absolute, relative);
    }

    private static float[] Garbage(int length) => Enumerable.Repeat(float.NaN, length).ToArray();
}
