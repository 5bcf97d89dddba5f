using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Engine;

/// <summary>
/// A model whose activation buffers are reshaped to a smaller batch of shorter pieces (<see cref="Activations"/>, which
/// does not zero them) computes exactly what a fresh model computes at that shape: every op writes all of its output,
/// so the values a bigger step left behind never leak into the next. Covers the TCN, each sparsifier, each loss,
/// padded and masked pieces, and the denoising target, on each backend.
/// </summary>
[NonParallelizable]
public sealed class ShapeChangeTests
{
    private static readonly Lazy<IlgpuBackend> Ilgpu = new(() => new IlgpuBackend(IlgpuDeviceKind.Cpu));

    // the step that leaves values behind, [5, C, 30] of ragged pieces, and the smaller one after it, [3, C, 13]
    private static readonly int[] BigLengths = [30, 17, 25, 30, 9], SmallLengths = [13, 7, 11];

    public enum Pass { Fused, Unfused, DenoisingTarget }

    public static IEnumerable<TestCaseData> Cases()
    {
        var configs = new (string Name, AutoencoderConfig Config)[]
        {
            ("tcn channel-top-k mse", Config(5, SparsityKind.ChannelTopK, LossKind.Mse, tcn: [6, 6])),
            ("spatial l1", Config(5, SparsityKind.Spatial, LossKind.L1, tcn: [])),
            ("tcn lifetime hits", Config(27, SparsityKind.Lifetime, LossKind.Hits, tcn: [8])),
        };
        var passes = Enum.GetValues<Pass>();
        foreach (string device in new[] { "cpu", "scalar" })
            foreach (var (name, config) in configs)
                foreach (var pass in passes)
                    yield return new TestCaseData(device, config, pass).SetArgDisplayNames(device, name, $"{pass}");
        // ILGPU's CPU accelerator is slow: one pass per config, each pass once
        for (int i = 0; i < configs.Length; i++)
            yield return new TestCaseData("ilgpu-cpu", configs[i].Config, passes[i])
                .SetArgDisplayNames("ilgpu-cpu", configs[i].Name, $"{passes[i]}");
    }

    [TestCaseSource(nameof(Cases))]
    public void AReshapedModelComputesWhatAFreshOneDoes(string device, AutoencoderConfig config, Pass pass)
    {
        var backend = Open(device);
        try
        {
            using var reused = new Autoencoder(config, backend, seed: 9);
            using var fresh = new Autoencoder(config, backend, seed: 9);
            var bigLeftovers = Step(reused, BigLengths, pass, seed: 1);
            var reshaped = Step(reused, SmallLengths, pass, seed: 2);
            var expected = Step(fresh, SmallLengths, pass, seed: 2);

            Assert.That(bigLeftovers.Reconstruction.Any(v => v != 0f), "the bigger step leaves non-zero values behind");
            Assert.Multiple(() =>
            {
                Assert.That(reshaped.Loss, Is.EqualTo(expected.Loss));
                Assert.That(reshaped.Reconstruction, Is.EqualTo(expected.Reconstruction));
                Assert.That(reshaped.Gradients, Is.EqualTo(expected.Gradients));
            });
        }
        finally
        {
            if (device != "ilgpu-cpu") backend.Dispose();
        }
    }

    [OneTimeTearDown]
    public void DisposeIlgpu()
    {
        if (Ilgpu.IsValueCreated) Ilgpu.Value.Dispose();
    }

    private static IComputeBackend Open(string device) => device switch
    {
        "cpu" => new CpuBackend(),
        "scalar" => new ScalarBackend(),
        _ => Ilgpu.Value,
    };

    private static AutoencoderConfig Config(int channels, SparsityKind sparsity, LossKind loss, int[] tcn) => new()
    {
        InputChannels = channels, Atoms = 7, FrameLength = 4, TcnWidths = tcn, TcnKernel = 2, Sparsity = sparsity,
        TopK = 2, LifetimeRate = 0.5f, Loss = loss, HitChannels = loss == LossKind.Hits ? channels / 3 : 0,
    };

    private sealed record StepResult(float Loss, float[] Reconstruction, float[] Gradients);

    // one forward, loss and backward over pieces of the given lengths, [B, C, max length], zero past each length
    private static StepResult Step(Autoencoder model, int[] lengths, Pass pass, int seed)
    {
        var backend = model.Backend;
        int channels = model.Config.InputChannels, length = lengths.Max();
        using var input = Tensor.FromHost(backend, Pieces(lengths, channels, seed), lengths.Length, channels, length);
        float loss;
        switch (pass)
        {
            case Pass.Fused:
                loss = model.ForwardWithLoss(input, lengths);
                break;
            case Pass.Unfused:
                model.Forward(input, lengths);
                loss = model.ComputeLoss();
                break;
            default:
                using (var target = Tensor.FromHost(backend, Pieces(lengths, channels, seed + 50), lengths.Length,
                    channels, length))
                using (var lossSlot = backend.Allocate(1))
                {
                    model.ForwardWithDeviceLoss(input, lengths, lossSlot, target);
                    var read = new float[1];
                    backend.Download(lossSlot, read);
                    loss = read[0];
                }
                break;
        }
        model.Backward();
        var gradients = new float[model.Parameters.TotalCount];
        backend.Download(model.Parameters.Gradients, gradients);
        return new StepResult(loss, model.Reconstruction.ToHost(backend), gradients);
    }

    // values in [0, 1) on each piece's first steps, zero after
    private static float[] Pieces(int[] lengths, int channels, int seed)
    {
        var random = new Random(seed);
        int length = lengths.Max();
        var values = new float[lengths.Length * channels * length];
        for (int b = 0; b < lengths.Length; b++)
            for (int c = 0; c < channels; c++)
                for (int t = 0; t < lengths[b]; t++)
                    values[(b * channels + c) * length + t] = random.NextSingle();
        return values;
    }
}
