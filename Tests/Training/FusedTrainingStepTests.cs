using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// A training step runs the fused forward (encoder + top-k, decoder + loss in one op each); it must do what the unfused
/// Forward, ComputeLoss, Backward and Adam do on a twin model: same loss, winners, code, reconstruction, gradients and
/// updated parameters, for channel top-k and the sparsifiers that stay unfused, with and without a TCN, padding and L1.
/// </summary>
public class FusedTrainingStepTests
{
    public static IEnumerable<TestCaseData> Models()
    {
        yield return new TestCaseData(
            new AutoencoderConfig { InputChannels = 27, Atoms = 20, FrameLength = 16, TopK = 4 }, 64, 16, null)
            .SetName("GrooveLike_SingleFrame_TopK_Mse");
        yield return new TestCaseData(
            new AutoencoderConfig { InputChannels = 6, Atoms = 40, FrameLength = 4, TopK = 20, Loss = LossKind.L1 }, 2,
            300, new[] { 300, 257 })
            .SetName("WindowedFrames_TopKAbove16_L1_PaddedAndMasked");
        yield return new TestCaseData(
            new AutoencoderConfig { InputChannels = 5, Atoms = 9, FrameLength = 4, TcnWidths = [6, 6], TcnKernel = 3,
            TopK = 2 }, 3, 18, null)
            .SetName("Tcn_ShortFrames_TopK_Padded");
        yield return new TestCaseData(
            new AutoencoderConfig { InputChannels = 5, Atoms = 8, FrameLength = 3, Sparsity = SparsityKind.Spatial }, 3,
            15, null)
            .SetName("Spatial_Unfused_Encoder");
    }

    [TestCaseSource(nameof(Models))]
    public void AFusedStepMatchesAnUnfusedStep(AutoencoderConfig config, int batch, int length, int[]? validLengths)
    {
        using var backend = new CpuBackend();
        var values = RandomTensors.UniformFloat(batch * config.InputChannels * length, 3, 0, 1);
        using var fused = new Twin(backend, config, values, batch, length);
        using var unfused = new Twin(backend, config, values, batch, length);

        float fusedLoss = new TrainingStep(fused.Model, fused.Optimizer).Run(fused.Input, validLengths);
        unfused.Model.Forward(unfused.Input, validLengths);
        float unfusedLoss = unfused.Model.ComputeLoss();
        unfused.Model.Backward();
        unfused.Optimizer.Apply();

        var (absolute, relative) = BackendParity.SumTolerance(config.Atoms * config.FrameLength);
        Assert.Multiple(() =>
        {
            Assert.That(fusedLoss, Is.EqualTo(unfusedLoss).Within(1e-5).Percent, "loss");
            TensorAssert.Equal(fused.Model.CodeMask.ToHost(backend), unfused.Model.CodeMask.ToHost(backend),
                "winner mask");
            TensorAssert.AllClose(fused.Model.Code.ToHost(backend), unfused.Model.Code.ToHost(backend), absolute,
                relative, "code");
            TensorAssert.AllClose(fused.Model.Reconstruction.ToHost(backend),
                unfused.Model.Reconstruction.ToHost(backend), absolute, relative, "reconstruction");
            TensorAssert.AllClose(Download(backend, fused.Model.Parameters.Gradients),
                Download(backend, unfused.Model.Parameters.Gradients), absolute, relative, "gradients");
            TensorAssert.AllClose(Download(backend, fused.Model.Parameters.Values),
                Download(backend, unfused.Model.Parameters.Values), absolute, relative, "parameters after Adam");
        });
    }

    private static float[] Download(IComputeBackend backend, DeviceBuffer buffer)
    {
        var values = new float[buffer.Length];
        backend.Download(buffer, values);
        return values;
    }

    // One model, its optimizer and the batch, from the same seed as its twin.
    private sealed class Twin : IDisposable
    {
        public Twin(IComputeBackend backend, AutoencoderConfig config, float[] values, int batch, int length)
        {
            Model = new Autoencoder(config, backend, seed: 5);
            Optimizer = new AdamOptimizer(backend, Model.Parameters, new AdamSettings(LearningRate: 1e-2f));
            Input = Tensor.FromHost(backend, values, batch, config.InputChannels, length);
        }

        public Autoencoder Model { get; }
        public AdamOptimizer Optimizer { get; }
        public Tensor Input { get; }

        public void Dispose()
        {
            Input.Dispose();
            Optimizer.Dispose();
            Model.Dispose();
        }
    }
}
