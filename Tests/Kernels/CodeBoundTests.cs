using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// A bound on a code's non-zeros per column (<see cref="ConvGeometry.OutputNonZerosPerColumn"/>, channel top-k's k)
/// lets the SIMD backend choose the sparse path without counting the code: one parallel run fewer per op where k / N
/// is within the path's share, the same bits as after a count that finds it sparse, and the same runs as without the
/// bound where k / N is not. A code denser than its bound still gives the exact result. The code here, [1000, 100, 1]
/// with k = 4, is large enough for its count to run on the workers.
/// </summary>
[NonParallelizable]
public class CodeBoundTests
{
    private static readonly ConvGeometry Frames = new(1000, 27, 100, 16, 16, Stride: 16);
    private const int K = 4;

    private static readonly string[] Ops =
        [nameof(IComputeBackend.Conv1dBackwardInput), nameof(IComputeBackend.Conv1dBackwardWeight),
            nameof(IComputeBackend.Conv1dForwardMasked)];

    [TestCaseSource(nameof(Ops))]
    public void ABoundWithinTheSparseShareSkipsTheCountWithTheSameResult(string op)
    {
        var code = WinnerCodes.Random(Frames, K, seed: 1);
        var (counted, countedRuns) = Run(op, Frames, code);
        var (bounded, boundedRuns) = Run(op, Frames with { OutputNonZerosPerColumn = K }, code);
        Assert.Multiple(() =>
        {
            Assert.That(bounded, Is.EqualTo(counted), "the sparse path either way");
            Assert.That(boundedRuns, Is.EqualTo(countedRuns - 1), "the count's run skipped");
        });
    }

    [TestCaseSource(nameof(Ops))]
    public void ABoundPastTheSparseShareStillCounts(string op)
    {
        var code = WinnerCodes.Random(Frames, K, seed: 2);
        int loose = (int)(SparseFrameCodes.MostNonZeros * Frames.OutChannels) + 1;
        var (counted, countedRuns) = Run(op, Frames, code);
        var (bounded, boundedRuns) = Run(op, Frames with { OutputNonZerosPerColumn = loose }, code);
        Assert.Multiple(() =>
        {
            Assert.That(bounded, Is.EqualTo(counted));
            Assert.That(boundedRuns, Is.EqualTo(countedRuns), $"{loose} of {Frames.OutChannels} settles nothing");
        });
    }

    [TestCaseSource(nameof(Ops))]
    public void ACodeDenserThanItsBoundStillGivesTheExactResult(string op)
    {
        var dense = RandomTensors.UniformFloat(Frames.OutputSize, 3);
        var (exact, _) = Run(op, Frames, dense, new ScalarBackend());
        var (bounded, _) = Run(op, Frames with { OutputNonZerosPerColumn = K }, dense);
        var (absolute, relative) = BackendParity.SumTolerance(Frames.Batch);   // the weight gradient's terms, the most
        for (int i = 0; i < exact.Length; i++)
            Assert.That(bounded[i], Is.EqualTo(exact[i]).Within(absolute + relative * Math.Abs(exact[i])), $"[{i}]");
    }

    // the op's output and its parallel runs on the SIMD backend (or on another backend, runs not counted); the code
    // is dy, or the mask of the forward at it
    private static (float[] Output, long Runs) Run(string op, ConvGeometry g, float[] code,
        IComputeBackend? other = null)
    {
        using var profiler = new ProfilingBackend(other ?? new CpuBackend());
        var b = profiler;
        using var dy = Upload(b, code);
        using var w = Upload(b, RandomTensors.UniformFloat(g.WeightSize, 4));
        using var x = Upload(b, RandomTensors.UniformFloat(g.InputSize, 5));
        using var dw = b.Allocate(g.WeightSize);
        using var dx = b.Allocate(g.InputSize);
        using var y = b.Allocate(g.OutputSize);
        var output = op switch
        {
            nameof(IComputeBackend.Conv1dBackwardInput) => Call(() => b.Conv1dBackwardInput(g, dy, w, dx, false), dx),
            nameof(IComputeBackend.Conv1dBackwardWeight) => Call(() => b.Conv1dBackwardWeight(g, x, dy, dw, false), dw),
            _ => Call(() => b.Conv1dForwardMasked(g, x, w, dy, y), y),
        };
        var values = new float[output.Length];
        b.Download(output, values);
        return (values, profiler.Timings.Single().ParallelRuns);
    }

    private static DeviceBuffer Call(Action op, DeviceBuffer output)
    {
        op();
        return output;
    }

    private static DeviceBuffer Upload(IComputeBackend backend, float[] values)
    {
        var buffer = backend.Allocate(values.Length);
        backend.Upload(values, buffer);
        return buffer;
    }
}
