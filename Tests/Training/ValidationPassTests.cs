using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;
using TcnWtaNative.Training.Data;
using static TcnWtaNative.Tests.TrainingTests.TestDevices;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// Issue 14: the validation loss with one wait per pass (<see cref="ValidationPass"/>) equals the mean of the losses
/// the per-batch path returns, weighted by valid values: the same double on the CPU, within 1e-6 on ILGPU's CPU
/// accelerator.
/// </summary>
[NonParallelizable]
public class ValidationPassTests
{
    [TestCase("cpu", false)]
    [TestCase("cpu", true)]
    [TestCase("ilgpu-cpu", true)]
    public void OneReadPerPassGivesTheMeanOfThePerBatchLosses(string device, bool resident)
    {
        var pieces = new VariableLengthSet(27, PieceLengths,
            i => RandomTensors.UniformFloat(27 * PieceLengths[i], 700 + i, 0, 1));
        var counting = new CountingBackend(Open(device));
        try
        {
            var config = new AutoencoderConfig { InputChannels = 27, Atoms = 8, FrameLength = 16, TopK = 2 };
            using var model = new Autoencoder(config, counting, seed: 3);
            using var pass = new ValidationPass(counting, pieces, batchSize: 3, resident);
            counting.Reset();
            double read = pass.Run(model);
            Assert.That(counting.HostSynchronizations, Is.EqualTo(1), "one download for the three batches");

            double sum = 0, weight = 0;
            foreach (var indices in BatchPlan.Of(pieces.Count, 3, shuffle: null))
            {
                var host = pieces.Gather(indices);
                using var batch = Tensor.FromHost(counting, host.Values, host.Batch, host.Channels, host.Length);
                sum += (double)model.ForwardWithLoss(batch, host.ValidLengths) * host.ValidValues;
                weight += host.ValidValues;
            }
            Assert.That(read, device == "cpu" ? Is.EqualTo(sum / weight) : Is.EqualTo(sum / weight).Within(1e-6));
        }
        finally
        {
            Release(device, counting.Inner);
        }
    }
}
