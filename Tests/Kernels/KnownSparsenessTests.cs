using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// A share of non-zeros known before an op lets the SIMD backend choose its path without counting: a code's bound of
/// non-zeros per column (<see cref="ConvGeometry.OutputNonZerosPerColumn"/>, channel top-k's k) where k / N is within
/// the sparse path's share, and an input its filler counted (<see cref="ConvGeometry.InputNonZeros"/>). Each skips
/// one parallel run and gives the same bits as the backend's own count; a bound past the share still counts; a code or
/// an input denser than its hint still gives the exact result. An input between the weight gradient's share and the
/// forward's (a drum grid's 13 %) runs the encoder over its non-zeros, counted or known. The code [1000, 100, 1]
/// (k = 4) and x [1000, 27, 16] are large enough for their counts to run on the workers.
/// </summary>
[NonParallelizable]
public class KnownSparsenessTests
{
    private static readonly ConvGeometry Frames = new(1000, 27, 100, 16, 16, Stride: 16);
    private const int K = 4;
    private static readonly float[] DenseInput = RandomTensors.UniformFloat(Frames.InputSize, 5);

    private static readonly string[] OpsOverTheCode =
        [nameof(IComputeBackend.Conv1dBackwardInput), nameof(IComputeBackend.Conv1dBackwardWeight),
            nameof(IComputeBackend.Conv1dForwardMasked)];

    private static readonly string[] OpsOverTheInput =
        [nameof(IComputeBackend.Conv1dForwardTopKChannels), nameof(IComputeBackend.Conv1dBackwardWeight)];

    public static IEnumerable<TestCaseData> OpsAndInputs()
        => from op in OpsOverTheInput
            from sparse in new[] { true, false }
            select new TestCaseData(op, sparse).SetArgDisplayNames(op, sparse ? "sparse x" : "dense x");

    [TestCaseSource(nameof(OpsOverTheCode))]
    public void ABoundWithinTheSparseShareSkipsTheCodesCountWithTheSameResult(string op)
    {
        var code = WinnerCodes.Random(Frames, K, seed: 1);
        AssertOneRunFewer(Run(op, Frames, code, DenseInput),
            Run(op, Frames with { OutputNonZerosPerColumn = K }, code, DenseInput));
    }

    [TestCaseSource(nameof(OpsOverTheCode))]
    public void ABoundPastTheSparseShareStillCounts(string op)
    {
        var code = WinnerCodes.Random(Frames, K, seed: 2);
        int loose = (int)(SparseFrameCodes.MostNonZeros * Frames.OutChannels) + 1;
        var (counted, countedRuns) = Run(op, Frames, code, DenseInput);
        var (bounded, boundedRuns) = Run(op, Frames with { OutputNonZerosPerColumn = loose }, code, DenseInput);
        Assert.Multiple(() =>
        {
            Assert.That(bounded, Is.EqualTo(counted));
            Assert.That(boundedRuns, Is.EqualTo(countedRuns), $"{loose} of {Frames.OutChannels} settles nothing");
        });
    }

    [TestCaseSource(nameof(OpsAndInputs))]
    public void AnInputOfKnownShareSkipsItsCountWithTheSameResult(string op, bool sparse)
    {
        var x = sparse ? EveryNth(Frames.InputSize, 20) : DenseInput;
        var code = WinnerCodes.Random(Frames, K, seed: 1);
        var bounded = Frames with { OutputNonZerosPerColumn = K };
        AssertOneRunFewer(Run(op, bounded, code, x), Run(op, bounded with { InputNonZeros = NonZeros(x) }, code, x));
    }

    // Told apart by a weight no longer finite where x is zero throughout: the GEMM adds 0 * infinity = NaN to every
    // item's response of that atom, the forward over x's non-zeros never meets it.
    [Test]
    public void AnInputBetweenTheSharesRunsTheEncoderOverItsNonZeros()
    {
        var x = EveryNth(Frames.InputSize, 10);
        const int zeroColumn = 1;   // channel 0, tap 1: zero in every item
        for (int b = 0; b < Frames.Batch; b++) x[b * Frames.InChannels * Frames.InLength + zeroColumn] = 0f;
        var weights = RandomTensors.UniformFloat(Frames.WeightSize, 4);
        weights[zeroColumn] = float.PositiveInfinity;   // atom 0's
        const string encoder = nameof(IComputeBackend.Conv1dForwardTopKChannels);
        var code = WinnerCodes.Random(Frames, K, seed: 1);
        var (counted, _) = Run(encoder, Frames, code, x, weights: weights);
        var (known, _) = Run(encoder, Frames with { InputNonZeros = NonZeros(x) }, code, x, weights: weights);
        var (gemm, _) = Run(encoder, Frames with { InputNonZeros = Frames.InputSize }, code, x, weights: weights);
        Assert.Multiple(() =>
        {
            Assert.That(gemm.Count(float.IsNaN), Is.EqualTo(Frames.Batch), "the GEMM's path: atom 0 NaN in every item");
            Assert.That(counted.Count(float.IsNaN), Is.Zero, "counted: one value in ten is within the forward's share");
            Assert.That(known.Count(float.IsNaN), Is.Zero, "known: the same path without the count");
        });
    }

    [TestCaseSource(nameof(OpsOverTheCode))]
    public void ACodeDenserThanItsBoundStillGivesTheExactResult(string op)
        => AssertExact(op, Frames with { OutputNonZerosPerColumn = K },
            RandomTensors.UniformFloat(Frames.OutputSize, 3), DenseInput);

    [TestCaseSource(nameof(OpsOverTheInput))]
    public void AnInputDenserThanItsHintStillGivesTheExactResult(string op)
        => AssertExact(op, Frames with { InputNonZeros = 0 }, WinnerCodes.Random(Frames, K, seed: 1), DenseInput);

    // the same path with the hint as after the count: the same bits, and the count's run skipped
    private static void AssertOneRunFewer((float[] Output, long Runs) counted, (float[] Output, long Runs) hinted)
        => Assert.Multiple(() =>
        {
            Assert.That(hinted.Output, Is.EqualTo(counted.Output), "the same path either way");
            Assert.That(hinted.Runs, Is.EqualTo(counted.Runs - 1), "the count's run skipped");
        });

    // the SIMD backend with the hint against the scalar loops without it
    private static void AssertExact(string op, ConvGeometry hinted, float[] code, float[] x)
    {
        var (exact, _) = Run(op, Frames, code, x, new ScalarBackend());
        var (result, _) = Run(op, hinted, code, x);
        var (absolute, relative) = BackendParity.SumTolerance(Frames.Batch);   // the weight gradient's terms, the most
        for (int i = 0; i < exact.Length; i++)
            Assert.That(result[i], Is.EqualTo(exact[i]).Within(absolute + relative * Math.Abs(exact[i])), $"[{i}]");
    }

    // values in [0.1, 1] at every nth index, zeros elsewhere
    private static float[] EveryNth(int length, int n)
    {
        var random = new Random(7);
        var values = new float[length];
        for (int i = 0; i < length; i += n) values[i] = 0.1f + 0.9f * random.NextSingle();
        return values;
    }

    private static long NonZeros(float[] values) => values.LongCount(v => v != 0f);

    // the op's output and its parallel runs on the SIMD backend (or on another backend, runs not counted): the input
    // gradient of the code as dy, the weight gradient of x against it, the forward at the code as a mask, or z, the
    // encoder's response before its top-k
    private static (float[] Output, long Runs) Run(string op, ConvGeometry g, float[] code, float[] x,
        IComputeBackend? other = null, float[]? weights = null)
    {
        using var b = new ProfilingBackend(other ?? new CpuBackend());
        using var dy = b.Uploaded(code);
        using var w = b.Uploaded(weights ?? RandomTensors.UniformFloat(g.WeightSize, 4));
        using var input = b.Uploaded(x);
        using var dw = b.Allocate(g.WeightSize);
        using var dx = b.Allocate(g.InputSize);
        using var y = b.Allocate(g.OutputSize);
        using var winners = b.Allocate(g.OutputSize);
        using var mask = b.Allocate(g.OutputSize);
        var output = op switch
        {
            nameof(IComputeBackend.Conv1dBackwardInput) => Call(() => b.Conv1dBackwardInput(g, dy, w, dx, false), dx),
            nameof(IComputeBackend.Conv1dBackwardWeight) => Call(() => b.Conv1dBackwardWeight(g, input, dy, dw, false),
                dw),
            nameof(IComputeBackend.Conv1dForwardMasked) => Call(() => b.Conv1dForwardMasked(g, input, w, dy, y), y),
            _ => Call(() => b.Conv1dForwardTopKChannels(g, input, w, K, y, winners, mask), y),
        };
        var values = new float[output.Length];
        b.Download(output, values);
        return (values, b.Timings.Single().ParallelRuns);
    }

    private static DeviceBuffer Call(Action op, DeviceBuffer output)
    {
        op();
        return output;
    }
}
