using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using Ops = TcnWtaNative.Kernels.Reference.ReferenceOps<double>;

namespace TcnWtaNative.Tests.Engine;

/// <summary>
/// Finite-difference checks of the whole model: the analytic gradient of every parameter kind (TCN convs and
/// biases, residual 1x1 convs, encoder, decoder) against central differences of the loss, with each sparsifier and
/// loss (the hits loss on a 0/1 hit row per channel pair), with and without TCN and padding. Within one linear region
/// of the ReLUs and winners the loss is quadratic in each parameter (smooth, for the hits loss's cross-entropy), so
/// central differences are exact there: a coordinate is compared when its differences at h and h/2 agree and no winner
/// flips, and skipped otherwise (a kink lies within the step, as ggml's gradient mode does). The analytic gradient
/// comes from Backward after Forward + ComputeLoss, and after the fused training forward. Two models keep k = 2 of 40
/// atoms, a code sparse enough for the SIMD backend to run its products over the non-zeros alone, and two k = 4 of 40
/// on frames of 16 values, for its long-frame products.
/// </summary>
public class AutoencoderGradientTests
{
    private const float Step = 1e-2f;

    public static IEnumerable<TestCaseData> Models()
    {
        AutoencoderConfig Base(int[] tcn, SparsityKind sparsity, LossKind loss) => new()
        {
            InputChannels = 4, Atoms = 6, FrameLength = 3, TcnWidths = tcn, TcnKernel = 2, Sparsity = sparsity,
            TopK = 2, LifetimeRate = 0.5f, Loss = loss,
        };
        yield return new TestCaseData(Base([], SparsityKind.ChannelTopK, LossKind.Mse), 12).SetName("NoTcn_TopK_Mse");
        yield return new TestCaseData(Base([], SparsityKind.Spatial, LossKind.Mse), 12).SetName("NoTcn_Spatial_Mse");
        yield return new TestCaseData(Base([], SparsityKind.Lifetime, LossKind.Mse), 12).SetName("NoTcn_Lifetime_Mse");
        yield return new TestCaseData(Base([], SparsityKind.ChannelTopK, LossKind.L1), 12).SetName("NoTcn_TopK_L1");
        yield return new TestCaseData(Base([], SparsityKind.ChannelTopK, LossKind.Mse), 11)
            .SetName("NoTcn_TopK_PaddedLength");
        yield return new TestCaseData(Base([5, 5], SparsityKind.ChannelTopK, LossKind.Mse), 12)
            .SetName("Tcn_ResidualConvThenIdentity_TopK");
        yield return new TestCaseData(Base([5, 3], SparsityKind.Spatial, LossKind.Mse), 10)
            .SetName("Tcn_TwoResidualConvs_Spatial_Padded");
        yield return new TestCaseData(Base([4], SparsityKind.Lifetime, LossKind.Mse), 12)
            .SetName("Tcn_IdentityResidual_Lifetime");
        yield return new TestCaseData(Base([], SparsityKind.ChannelTopK, LossKind.Hits) with { HitChannels = 2 }, 11)
            .SetName("NoTcn_TopK_Hits_Padded");
        yield return new TestCaseData(Base([5], SparsityKind.Spatial, LossKind.Hits) with { HitChannels = 2 }, 12)
            .SetName("Tcn_Spatial_Hits");
        // k = 2 of 40 atoms: a code sparse enough for the SIMD backend's products over its non-zeros
        yield return new TestCaseData(Base([], SparsityKind.ChannelTopK, LossKind.Mse) with { Atoms = 40 }, 12)
            .SetName("NoTcn_TopK_SparseCode");
        yield return new TestCaseData(Base([5], SparsityKind.ChannelTopK, LossKind.L1) with { Atoms = 40 }, 11)
            .SetName("Tcn_TopK_SparseCode_Padded");
        // k = 4 of 40 atoms on frames of 16 values: the SIMD backend's long-frame products, in place in the signal
        yield return new TestCaseData(Base([], SparsityKind.ChannelTopK, LossKind.Mse) with
            { Atoms = 40, TopK = 4, FrameLength = 16 }, 64).SetName("NoTcn_TopK_LongFrames");
        yield return new TestCaseData(Base([5], SparsityKind.ChannelTopK, LossKind.L1) with
            { Atoms = 40, TopK = 4, FrameLength = 16 }, 60).SetName("Tcn_TopK_LongFrames_Padded");
    }

    [TestCaseSource(nameof(Models))]
    public void EveryParameterGradientMatchesCentralDifferences(AutoencoderConfig config, int length)
        => AssertGradients(config, length, fused: false);

    // The training forward: encoder + top-k and decoder + loss each one fused op; Backward must differentiate it just
    // the same.
    [TestCaseSource(nameof(Models))]
    public void GradientsAfterTheFusedTrainingForwardMatchCentralDifferences(AutoencoderConfig config, int length)
        => AssertGradients(config, length, fused: true);

    private static void AssertGradients(AutoencoderConfig config, int length, bool fused)
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(config, backend, seed: 7);
        var random = new Random(11);
        const int batch = 3;
        var inputValues = Enumerable.Range(0, batch * config.InputChannels * length)
            .Select(_ => (float)random.NextDouble()).ToArray();
        for (int i = 0; i < inputValues.Length; i++)
            if (i / length % config.InputChannels < config.HitChannels)
                inputValues[i] = MathF.Round(inputValues[i]);   // hits are 0/1
        using var input = Tensor.FromHost(backend, inputValues, batch, config.InputChannels, length);

        backend.Fill(model.Parameters.Gradients, float.NaN);   // backward writes every gradient, reading none
        if (fused) model.ForwardWithLoss(input);
        else
        {
            model.Forward(input);
            model.ComputeLoss();
        }
        model.Backward();
        var analytic = Download(backend, model.Parameters.Gradients);
        var mask = model.CodeMask.ToHost(backend);
        var values = Download(backend, model.Parameters.Values);

        int checkedCount = 0, sampledCount = 0;
        foreach (var parameter in model.Parameters.All)
        foreach (int i in SampleIndices(parameter.Count, 12, random))
        {
            int index = parameter.Offset + i;
            sampledCount++;
            double? numeric = CentralDifference(backend, model, input, values, mask, index, Step);
            double? half = CentralDifference(backend, model, input, values, mask, index, Step / 2);
            if (numeric is null || half is null
                || Math.Abs(numeric.Value - half.Value) > 1e-6 + 1e-4 * Math.Abs(half.Value)) continue;
            Assert.That(analytic[index], Is.EqualTo(half.Value).Within(2e-4 + 2e-2 * Math.Abs(half.Value)),
                $"{parameter.Name}[{i}]: analytic {analytic[index]}, numeric {half}");
            checkedCount++;
        }
        backend.Upload(values, model.Parameters.Values);
        Assert.That(checkedCount, Is.GreaterThanOrEqualTo(sampledCount / 2),
            $"only {checkedCount} of {sampledCount} coordinates were smooth enough to check");
    }

    // (L(p + h) - L(p - h)) / 2h for one coordinate, or null when a winner flips within the step
    private static double? CentralDifference(IComputeBackend backend, Autoencoder model, Tensor input, float[] values,
        float[] mask, int index, float step)
    {
        var (plus, plusMask) = LossAt(backend, model, input, values, index, +step);
        var (minus, minusMask) = LossAt(backend, model, input, values, index, -step);
        if (!plusMask.SequenceEqual(mask) || !minusMask.SequenceEqual(mask)) return null;
        return (plus - minus) / (2.0 * step);
    }

    // The loss in double from the downloaded reconstruction, with one parameter moved by delta, and the winner mask.
    private static (double Loss, float[] Mask) LossAt(IComputeBackend backend, Autoencoder model, Tensor input,
        float[] values, int index, float delta)
    {
        var moved = (float[])values.Clone();
        moved[index] += delta;
        backend.Upload(moved, model.Parameters.Values);
        var reconstruction = model.Forward(input).ToHost(backend);
        var target = input.ToHost(backend);
        int padded = reconstruction.Length / (input.Batch * input.Channels);
        var x = target.Select(value => (double)value).ToArray();
        var y = new double[x.Length];
        for (int row = 0; row < input.Batch * input.Channels; row++)
        for (int t = 0; t < input.Length; t++)
            y[row * input.Length + t] = reconstruction[row * padded + t];
        double loss = model.Config.Loss switch
        {
            LossKind.Mse => y.Zip(x, (a, b) => (a - b) * (a - b)).Average(),
            LossKind.L1 => y.Zip(x, (a, b) => Math.Abs(a - b)).Average(),
            _ => Ops.HitLoss(input.Batch, input.Channels, input.Length, model.Config.HitChannels, y, x, [],
                new double[y.Length]),
        };
        return (loss, model.CodeMask.ToHost(backend));
    }

    private static IEnumerable<int> SampleIndices(int count, int wanted, Random random)
        => count <= wanted ? Enumerable.Range(0, count)
            : Enumerable.Range(0, wanted).Select(_ => random.Next(count)).Distinct();

    private static float[] Download(IComputeBackend backend, DeviceBuffer buffer)
    {
        var values = new float[buffer.Length];
        backend.Download(buffer, values);
        return values;
    }
}
