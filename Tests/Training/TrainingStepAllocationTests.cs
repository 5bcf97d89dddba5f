using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// Issue 7: no allocations in the training loop. Once its buffers exist (the first step), a SIMD training step (the
/// fused forward, backward, Adam) allocates nothing on the thread that runs it, which also runs a share of every
/// kernel's items.
/// </summary>
public class TrainingStepAllocationTests
{
    [TestCase(27, 20, 16, 0, 64, 16, null, TestName = "GrooveLike_SingleFrame")]
    [TestCase(6, 40, 4, 2, 2, 300, new[] { 300, 257 }, TestName = "Tcn_WindowedFrames_PaddedAndMasked")]
    public void AWarmStepAllocatesNothing(int channels, int atoms, int frame, int tcnBlocks, int batch, int length,
        int[]? validLengths)
    {
        var config = new AutoencoderConfig
        {
            InputChannels = channels, Atoms = atoms, FrameLength = frame, TopK = 4,
            TcnWidths = Enumerable.Repeat(8, tcnBlocks).ToArray(), TcnKernel = 3,
        };
        using var backend = new CpuBackend();
        using var model = new Autoencoder(config, backend, seed: 1);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(LearningRate: 1e-3f));
        using var input = Tensor.FromHost(backend, RandomTensors.UniformFloat(batch * channels * length, 2, 0, 1),
            batch, channels, length);
        var step = new TrainingStep(model, optimizer);
        for (int i = 0; i < 3; i++) step.Run(input, validLengths);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) step.Run(input, validLengths);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero,
            "bytes allocated by five warm training steps");
    }
}
