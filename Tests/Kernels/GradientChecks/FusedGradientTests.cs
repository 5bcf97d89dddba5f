using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using static TcnWtaNative.Tests.Support.FiniteDifference;
using Ops = TcnWtaNative.Kernels.Reference.ReferenceOps<double>;

namespace TcnWtaNative.Tests.Kernels.GradientChecks;

/// <summary>
/// The fused ops of the SIMD backend, differentiated by central differences in float on the op itself:
/// - encoder + top-k: L = sum(code * R); its gradient w.r.t. x and w is the conv's backward of dz = R * mask, the mask
/// the fused op wrote. Within a fixed selection code is linear in x and w, so the difference is exact but for rounding;
/// a coordinate whose step flips a winner is skipped (a kink lies within it). - decoder + loss: L = the returned loss
/// of ConvTranspose1d(code, atoms) against a target; its gradient w.r.t. the code is the conv forward of the written
/// dL/dprediction G, w.r.t. the atoms the conv weight gradient with G as input. MSE is quadratic and L1 linear there
/// (the target stays further from the prediction than any step moves it), so the difference is again exact but for
/// rounding. The hits loss (0/1 hit rows, H of C channels) is smooth, not polynomial, in its hit rows: it is
/// differenced with a smaller step.
/// </summary>
public class FusedGradientTests
{
    private static readonly (string Name, ConvGeometry Geometry)[] Shapes =
    [
        ("single frame (GEMM rows)", new ConvGeometry(5, 3, 7, 6, 6, Stride: 6)),
        ("frames L=3 (im2row)", new ConvGeometry(2, 3, 6, 12, 4, Stride: 4)),
        ("frames L=64 (windowed)", new ConvGeometry(1, 2, 5, 256, 4, Stride: 4)),
    ];

    public static IEnumerable<TestCaseData> EncoderCases() =>
        from shape in Shapes
        from k in new[] { 1, 3 }
        select new TestCaseData(shape.Geometry, k).SetArgDisplayNames(shape.Name, $"k={k}");

    public static IEnumerable<TestCaseData> LossCases() =>
        from shape in Shapes.Append(
            (Name: "stride 1, T=70 (windowed)", Geometry: new ConvGeometry(1, 2, 3, 70, 3, PadLeft: 2)))
        from loss in new[] { LossSpec.Mse, LossSpec.L1, LossSpec.Hits(1) }
        from masked in new[] { false, true }
        select new TestCaseData(shape.Geometry, loss, masked)
            .SetArgDisplayNames(shape.Name, loss.ToString(), masked ? "masked" : "unmasked");

    public static IEnumerable<TestCaseData> DrumGridCases() =>
        from shape in new[]
        {
            (Name: "drum grid, single frame", Geometry: new ConvGeometry(4, 9, 7, 4, 4, Stride: 4), HitChannels: 3),
            (Name: "drum grid, frames L=8", Geometry: new ConvGeometry(2, 6, 5, 32, 4, Stride: 4), HitChannels: 2),
        }
        from masked in new[] { false, true }
        select new TestCaseData(shape.Geometry, LossSpec.Hits(shape.HitChannels), masked)
            .SetArgDisplayNames(shape.Name, $"hits({shape.HitChannels})", masked ? "masked" : "unmasked");

    [TestCaseSource(nameof(EncoderCases))]
    public void ForwardTopKGradientsThroughTheMaskMatchCentralDifferences(ConvGeometry g, int k)
    {
        using var backend = new CpuBackend();
        var x = RandomTensors.UniformFloat(g.InputSize, 1);
        var w = RandomTensors.UniformFloat(g.WeightSize, 2);
        var upstream = RandomTensors.Uniform(g.OutputSize, 3);
        var (_, mask) = ForwardTopK(backend, g, x, w, k, upstream);

        var dz = upstream.Zip(mask, (r, m) => r * m).ToArray();
        var dx = new double[g.InputSize];
        Ops.Conv1dBackwardInput(g, dz, RandomTensors.ToDouble(w), dx, accumulate: false);
        var dw = new double[g.WeightSize];
        Ops.Conv1dBackwardWeight(g, RandomTensors.ToDouble(x), dz, dw, accumulate: false);

        AssertSmoothGradient("dL/dx", p => ForwardTopK(backend, g, p, w, k, upstream), x, dx, mask);
        AssertSmoothGradient("dL/dw", p => ForwardTopK(backend, g, x, p, k, upstream), w, dw, mask);
    }

    [TestCaseSource(nameof(LossCases))]
    [TestCaseSource(nameof(DrumGridCases))]
    public void LossGradientsWithRespectToCodeAndAtomsMatchCentralDifferences(ConvGeometry g, LossSpec loss,
        bool masked)
    {
        using var backend = new CpuBackend();
        var code = RandomTensors.UniformFloat(g.OutputSize, 4);
        var atoms = RandomTensors.UniformFloat(g.WeightSize, 5);
        var timeMask = masked ? RandomTensors.ToFloat(RandomTensors.BinaryMask(g.Batch * g.InLength, 6, keep: 0.7))
            : null;
        // target = prediction + an offset of at least 1 in size: no step below moves |y - x| across 0
        var (prediction, _, _) = WithLoss(backend, g, code, atoms, loss, new float[g.InputSize], timeMask);
        var offset = RandomTensors.AwayFromZero(g.InputSize, 7, margin: 1, high: 2);
        var hits = RandomTensors.HitGrid(g.Batch, g.InChannels, g.InLength, loss.HitChannels, 10);
        var target = prediction.Select((y, i) => (float)(IsHitRow(g, loss, i) ? hits[i] : y + offset[i])).ToArray();
        var (_, _, gradient) = WithLoss(backend, g, code, atoms, loss, target, timeMask);

        var upstream = RandomTensors.ToDouble(gradient);
        var dcode = new double[g.OutputSize];
        Ops.Conv1dForward(g, upstream, RandomTensors.ToDouble(atoms), [], dcode);
        var datoms = new double[g.WeightSize];
        // roles swapped: x = dL/dprediction, dy = code
        Ops.Conv1dBackwardWeight(g, upstream, RandomTensors.ToDouble(code), datoms, accumulate: false);

        // moves a prediction by at most step * |atom| or |code|
        // < 1, the offset's margin; the cross-entropy's curvature wants less
        float step = loss.Kind == LossKind.Hits ? 0.02f : 0.1f;
        AssertCentralDifferences($"{loss} dL/dcode", p => WithLoss(backend, g, p, atoms, loss, target, timeMask).Loss,
            code, step, dcode);
        AssertCentralDifferences($"{loss} dL/datoms", p => WithLoss(backend, g, code, p, loss, target, timeMask).Loss,
            atoms, step, datoms);
    }

    // whether entry i of the signal [B, Cin, Tin] lies on one of the hits loss's hit rows
    private static bool IsHitRow(ConvGeometry g, LossSpec loss, int i)
        => i / g.InLength % g.InChannels < loss.HitChannels;

    // L = sum(code * R) through the fused op, and its winner mask
    private static (double Loss, double[] Mask) ForwardTopK(CpuBackend backend, ConvGeometry g, float[] x, float[] w,
        int k, double[] upstream)
    {
        var buffers = Upload(backend, x, w, new float[g.OutputSize], new float[g.OutputSize], new float[g.OutputSize]);
        backend.Conv1dForwardTopKChannels(g, buffers[0], buffers[1], k, buffers[2], buffers[3], buffers[4]);
        var code = Download(backend, buffers[3]);
        var mask = Download(backend, buffers[4]);
        return (Dot(code, upstream), mask);
    }

    // Central differences of sum(code * R) at the coordinates whose steps keep every winner; at least half must
    // qualify.
    private static void AssertSmoothGradient(string what, Func<float[], (double Loss, double[] Mask)> forward,
        float[] point, double[] analytic, double[] mask)
    {
        const float step = 1e-2f;
        var coordinates = Coordinates(point.Length, 96, seed: 8);
        var smooth = new List<int>();
        var numeric = new List<double>();
        foreach (int i in coordinates)
        {
            bool flipped = false;
            double value = Gradient(p =>
            {
                var (loss, moved) = forward(p);
                flipped |= !moved.SequenceEqual(mask);
                return loss;
            }, point, step, [i])[0];
            if (flipped) continue;
            smooth.Add(i);
            numeric.Add(value);
        }
        Assert.That(smooth, Has.Count.GreaterThanOrEqualTo(coordinates.Length / 2),
            $"{what}: too few coordinates away from a winner flip");
        TensorAssert.AllClose(smooth.Select(i => analytic[i]).ToArray(), numeric.ToArray(), 2e-3, 2e-3,
            $"{what} (analytic vs central difference)");
    }

    // prediction = ConvTranspose1d(code, atoms) and its fused loss against target; the written gradient
    private static (double[] Prediction, float Loss, float[] Gradient) WithLoss(CpuBackend backend, ConvGeometry g,
        float[] code, float[] atoms, LossSpec loss, float[] target, float[]? timeMask)
    {
        var buffers = Upload(backend, code, atoms, target, new float[g.InputSize], new float[g.InputSize],
            timeMask ?? []);
        float value = backend.Conv1dBackwardInputWithLoss(g, buffers[0], buffers[1], loss, buffers[2],
            timeMask is null ? null : buffers[5], buffers[3], buffers[4]);
        var gradient = new float[g.InputSize];
        backend.Download(buffers[4], gradient);
        return (Download(backend, buffers[3]), value, gradient);
    }

    private static void AssertCentralDifferences(string what, Func<float[], double> loss, float[] point, float step,
        double[] analytic)
    {
        var coordinates = Coordinates(point.Length, 96, seed: 9);
        TensorAssert.AllClose(coordinates.Select(i => analytic[i]).ToArray(), Gradient(loss, point, step, coordinates),
            1e-5, 2e-3, $"{what} (analytic vs central difference at {coordinates.Length} coordinates)");
    }

    private static DeviceBuffer[] Upload(IComputeBackend backend, params float[][] tensors)
        => tensors.Select(backend.Uploaded).ToArray();

    private static double[] Download(IComputeBackend backend, DeviceBuffer buffer)
    {
        var values = new float[buffer.Length];
        backend.Download(buffer, values);
        return RandomTensors.ToDouble(values);
    }
}
