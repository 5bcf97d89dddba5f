using TcnWtaNative.Kernels;
using TcnWtaNative.Tests.Support;
using static TcnWtaNative.Tests.TrainingTests.TestDevices;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// Issue 14: gradient clipping on the device (<see cref="IComputeBackend.ClipGradientNorm"/>) against the host path it
/// replaced (the norm read back through SumOfSquares, the factor on the host, then Scale): the same floats on the CPU,
/// within 1e-6 on ILGPU's CPU accelerator, whose norm is added in float on the device.
/// </summary>
[NonParallelizable]
public class ClipGradientNormTests
{
    // a norm near sqrt(n / 3) = 18.6: clipped at 0.5, left alone at 1e4
    [TestCase("cpu", 0.5)]
    [TestCase("cpu", 1e4)]
    [TestCase("ilgpu-cpu", 0.5)]
    [TestCase("ilgpu-cpu", 1e4)]
    public void TheDeviceClipIsTheHostPath(string device, double maxNorm)
    {
        var values = RandomTensors.UniformFloat(1037, 7);
        var backend = Open(device);
        try
        {
            using var onDevice = backend.Uploaded(values);
            using var onHost = backend.Uploaded(values);
            backend.ClipGradientNorm(onDevice, maxNorm);
            double factor = GradientClipping.Factor(backend.SumOfSquares(onHost), maxNorm);
            if (factor < 1) backend.Scale(onHost, (float)factor);
            var (clipped, expected) = (new float[values.Length], new float[values.Length]);
            backend.Download(onDevice, clipped);
            backend.Download(onHost, expected);

            Assert.That(clipped, device == "cpu" ? Is.EqualTo(expected) : Is.EqualTo(expected).Within(1e-6f));
            double norm = Math.Sqrt(clipped.Sum(value => (double)value * value));
            Assert.That(norm, maxNorm < 1 ? Is.EqualTo(maxNorm).Within(1e-5) : Is.GreaterThan(1),
                "clipped to maxNorm, or untouched");
        }
        finally
        {
            Release(device, backend);
        }
    }

    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void ANaNNormLeavesTheGradientsAsTheyAre(string device)
    {
        var values = RandomTensors.UniformFloat(300, 8);
        values[17] = float.NaN;
        var backend = Open(device);
        try
        {
            using var gradients = backend.Uploaded(values);
            backend.ClipGradientNorm(gradients, 0.5);
            var after = new float[values.Length];
            backend.Download(gradients, after);
            Assert.That(after, Is.EqualTo(values));
        }
        finally
        {
            Release(device, backend);
        }
    }
}
