using System.Text.Json;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// `bench --config`: training steps timed against the FMA peak and the memory bandwidth, with the memory-bound ops'
/// bytes per step in the per-op split.
/// </summary>
[NonParallelizable]
public sealed class BenchStepTests
{
    [Test]
    public void MemoryBoundOpsAreMeasuredAgainstTheBandwidth()
    {
        string stdout = CliRunner.Succeed("bench", "--config", "groove", "--device", "cpu", "--steps", "1",
            "--warmup", "0", "--profile-steps", "2", "--json");

        using var result = JsonDocument.Parse(stdout.Split('\n').Single(line => line.StartsWith('{')));
        var root = result.RootElement;
        // an op's bytes over its shapes (the encoder's weight gradient and the decoder's differ in their input hint)
        var ops = root.GetProperty("ops").EnumerateArray()
            .GroupBy(op => op.GetProperty("op").GetString()!, op => op.GetProperty("bytes").GetDouble())
            .ToDictionary(op => op.Key, op => op.Sum());
        using var model = new Autoencoder(BenchmarkConfigs.Groove.Model, new CpuBackend(), seed: 1);
        int parameters = model.Parameters.TotalCount;
        Assert.Multiple(() =>
        {
            Assert.That(string.Join(' ', stdout.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
                Does.Contain($"memory bandwidth on {CoreWorkers.Count} threads"), "the peak line, however wrapped");
            Assert.That(root.GetProperty("peak_gigabytes_per_second").GetDouble(), Is.GreaterThan(0));
            // per step, not per the two profiled steps: Adam once over every parameter, and no pass zeroing the
            // gradients, which backward writes
            Assert.That(ops["AdamStep"], Is.EqualTo(28.0 * parameters));
            Assert.That(ops, Does.Not.ContainKey("Fill"));
            Assert.That(ops["Conv1dForwardMasked"], Is.Zero, "a compute op counts no bytes");
        });
    }

    // an unknown device once failed only after the FMA peak and the bandwidth had been measured and printed
    [Test]
    public void AnUnknownDeviceIsRefusedBeforeThePeaksAreMeasured()
    {
        var (exit, stdout, stderr) = CliRunner.Run("bench", "--config", "groove", "--device", "cpu,bogus", "--steps",
            "1", "--warmup", "0");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stdout, Does.Not.Contain("FMA peak"));
        Assert.That(stderr.Trim(), Is.EqualTo(
            "error: unknown device 'bogus'; choose one of auto, cpu, cuda, opencl, ilgpu-cpu, scalar"));
    }
}
