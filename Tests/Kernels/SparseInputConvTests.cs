using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The SIMD backend's convolutions of a mostly zero input x under any stride, dilation and padding (the TCN's first
/// layer over one-hot events), which run their forward and weight gradient over x's non-zeros
/// (<see cref="SparseInputConvolution"/>), against the scalar loops, on one worker and on all; the one-pass scan that
/// finds the non-zeros and decides the path (<see cref="SparseSignalScan"/>); and the weight gradient as the derivative
/// of the forward, by central differences of the SIMD backend's own forward.
/// </summary>
public class SparseInputConvTests
{
    private readonly BackendParity _parity = new(new CpuBackend(), new ScalarBackend());

    private static readonly (string Name, ConvGeometry Geometry)[] Cases =
    [
        ("maestro-like TCN layer: causal K=3, 388 one-hot channels", new ConvGeometry(1, 388, 64, 600, 3, PadLeft: 2)),
        ("dilated causal K=3, d=2, two items", new ConvGeometry(2, 30, 24, 200, 3, Dilation: 2, PadLeft: 4)),
        ("stride 2, K=5, padded both sides", new ConvGeometry(3, 20, 17, 101, 5, Stride: 2, PadLeft: 2, PadRight: 1)),
        ("overlapping frames: K=4, stride 3", new ConvGeometry(2, 20, 33, 90, 4, Stride: 3)),
        ("stride 3 past a dilated kernel: steps no output reaches", new ConvGeometry(1, 18, 5, 70, 2, Stride: 3,
            Dilation: 4)),
        ("1x1 residual, one item", new ConvGeometry(1, 388, 64, 700, 1)),
        ("1x1, Cout past a vector with a tail", new ConvGeometry(2, 40, 37, 50, 1)),
    ];

    public static IEnumerable<TestCaseData> Inputs() =>
        from c in Cases
        from oneHot in new[] { true, false }
        from flag in new[] { false, true }
        select new TestCaseData(c.Geometry, oneHot, flag)
            .SetArgDisplayNames(c.Name, oneHot ? "one-hot" : "one in 20 non-zero", flag ? "flag on" : "flag off");

    [TestCaseSource(nameof(Inputs))]
    public void TheForwardOfASparseInputMatchesScalar(ConvGeometry g, bool oneHot, bool withBias)
    {
        var (absolute, relative) = BackendParity.SumTolerance(g.InChannels * g.KernelSize);
        float[][] buffers = [Input(g, oneHot, seed: 1), RandomTensors.UniformFloat(g.WeightSize, 2),
            RandomTensors.UniformFloat(g.OutChannels, 3), WinnerCodes.Garbage(g.OutputSize)];
        _parity.AssertClose($"sparse input, forward {g}", buffers,
            (backend, b) => backend.Conv1dForward(g, b[0], b[1], withBias ? b[2] : null, b[3]), absolute, relative);
    }

    [TestCaseSource(nameof(Inputs))]
    public void TheWeightGradientOfASparseInputMatchesScalar(ConvGeometry g, bool oneHot, bool accumulate)
    {
        var (absolute, relative) = BackendParity.SumTolerance(g.Batch * g.OutLength + 1);
        float[][] buffers = [Input(g, oneHot, seed: 4), RandomTensors.UniformFloat(g.OutputSize, 5),
            accumulate ? RandomTensors.UniformFloat(g.WeightSize, 6) : WinnerCodes.Garbage(g.WeightSize)];
        _parity.AssertClose($"sparse input, weight gradient {g}", buffers,
            (backend, b) => backend.Conv1dBackwardWeight(g, b[0], b[1], b[2], accumulate), absolute, relative);
    }

    [TestCase(false)]
    [TestCase(true)]
    [NonParallelizable]
    public void AMaestroPieceGivesTheSameFloatsOnOneWorkerAndOnAll(bool weightGradient)
    {
        // long enough that the scan splits into more ranges than workers and the products into more items
        var g = new ConvGeometry(1, 388, 64, 4096, 3, PadLeft: 2);
        float[][] inputs = [Input(g, oneHot: true, seed: 7), RandomTensors.UniformFloat(g.WeightSize, 8),
            RandomTensors.UniformFloat(g.OutputSize, 9)];
        float[] OnWorkers(int workers)
        {
            using var backend = new CpuBackend();
            var b = inputs.Select(input => backend.Allocate(input.Length)).ToArray();
            for (int i = 0; i < inputs.Length; i++) backend.Upload(inputs[i], b[i]);
            CoreWorkers.Active = workers;
            try
            {
                if (weightGradient) backend.Conv1dBackwardWeight(g, b[0], b[2], b[1], accumulate: false);
                else backend.Conv1dForward(g, b[0], b[1], null, b[2]);
            }
            finally { CoreWorkers.Active = CoreWorkers.Count; }
            var result = new float[weightGradient ? g.WeightSize : g.OutputSize];
            backend.Download(weightGradient ? b[1] : b[2], result);
            return result;
        }
        Assert.That(OnWorkers(1), Is.EqualTo(OnWorkers(CoreWorkers.Count)));
    }

    // the scan's answer is IsSparse's at the limit and one past it (a NaN), -0 counts as zero, and what it holds is
    // every non-zero in memory order; from an offset, over several ranges, on one worker and on all
    [TestCase(1)]
    [TestCase(0)]
    [NonParallelizable]
    public void TheScanDecidesAsIsSparseAndHoldsEveryNonZeroInOrder(int activeWorkers)
    {
        const int offset = 3, length = 9 * SparseFrameCodes.FewestValuesPerCount + 29;
        var values = new float[offset + length + 5];
        values[offset - 1] = values[offset + length] = 1f;   // outside the range: never counted
        int limit = length / 16;
        var random = new Random(10);
        var expected = new SortedDictionary<int, float>();
        while (expected.Count < limit)
        {
            int index = random.Next(length);
            expected[index] = values[offset + index] = random.Next(2) == 0 ? 0.5f + index % 7 : -1f;
        }
        values[offset + 1] = -0f;
        CoreWorkers.Active = activeWorkers == 0 ? CoreWorkers.Count : activeWorkers;
        try
        {
            var scan = new SparseSignalScan();
            Assert.That(SparseFrameCodes.IsSparse(values, offset, length), Is.True, "IsSparse at the limit");
            Assert.That(scan.TryScan(values, offset, length, SparseFrameCodes.MostNonZeros), Is.True, "at the limit");
            var (indices, nonZeros) = (new int[scan.Count], new float[scan.Count]);
            scan.CopyNonZeros(indices, nonZeros);
            Assert.That(indices, Is.EqualTo(expected.Keys.ToArray()));
            Assert.That(nonZeros, Is.EqualTo(expected.Values.ToArray()));

            int zero = Enumerable.Range(0, length).First(i => !expected.ContainsKey(i) && i > length - 40);
            values[offset + zero] = float.NaN;
            Assert.That(SparseFrameCodes.IsSparse(values, offset, length), Is.False, "IsSparse past the limit");
            Assert.That(scan.TryScan(values, offset, length, SparseFrameCodes.MostNonZeros), Is.False, "past it");
            Assert.That(scan.Count, Is.Zero, "a signal past the limit holds nothing");

            Array.Fill(values, 0.5f, offset, SparseFrameCodes.FewestValuesPerCount);   // past it in the first values
            Assert.That(scan.TryScan(values, offset, length, SparseFrameCodes.MostNonZeros), Is.False, "dense");
        }
        finally { CoreWorkers.Active = CoreWorkers.Count; }
    }

    // past 16 x 64 Ki values the first 64 Ki cannot pass the limit, so the caller does not count them first: the
    // workers' scan alone answers, for a sparse signal, one dense in its first values and one dense throughout
    [Test]
    public void ASignalLongerThanTheFirstCountsReachIsDecidedByTheScanAlone()
    {
        int length = 16 * SparseFrameCodes.FewestValuesPerCount + 64;
        var values = new float[length];
        for (int i = 0; i < length; i += 17) values[i] = 1f;
        var scan = new SparseSignalScan();
        Assert.That(scan.TryScan(values, 0, length, SparseFrameCodes.MostNonZeros), Is.True, "one value in 17");
        Assert.That(scan.Count, Is.EqualTo((length + 16) / 17));
        Array.Fill(values, 0.5f, 0, SparseFrameCodes.FewestValuesPerCount);
        Assert.That(scan.TryScan(values, 0, length, SparseFrameCodes.MostNonZeros), Is.False, "dense first values");
        Array.Fill(values, 0.5f);
        Assert.That(scan.TryScan(values, 0, length, SparseFrameCodes.MostNonZeros), Is.False, "dense throughout");
    }

    [Test]
    public void TheWeightGradientIsTheDerivativeOfTheForward()
    {
        // L(w) = sum(conv(x, w) * R) is linear in w, so a central difference of the SIMD backend's own sparse forward
        // is its derivative up to rounding, whatever the step
        var g = new ConvGeometry(1, 50, 12, 160, 3, Dilation: 2, PadLeft: 4);
        var x = Input(g, oneHot: true, seed: 11);
        var w = RandomTensors.UniformFloat(g.WeightSize, 12);
        var upstream = RandomTensors.UniformFloat(g.OutputSize, 13);
        using var backend = new CpuBackend();
        var (xb, wb, yb, dyb, dwb) = (backend.Allocate(x.Length), backend.Allocate(w.Length),
            backend.Allocate(g.OutputSize), backend.Allocate(g.OutputSize), backend.Allocate(g.WeightSize));
        backend.Upload(x, xb);
        backend.Upload(upstream, dyb);
        double Loss(float[] weights)
        {
            backend.Upload(weights, wb);
            backend.Conv1dForward(g, xb, wb, null, yb);
            var y = new float[g.OutputSize];
            backend.Download(yb, y);
            return y.Select((value, i) => (double)value * upstream[i]).Sum();
        }
        backend.Conv1dBackwardWeight(g, xb, dyb, dwb, accumulate: false);
        var dw = new float[g.WeightSize];
        backend.Download(dwb, dw);
        var random = new Random(14);
        for (int probe = 0; probe < 24; probe++)
        {
            int i = random.Next(w.Length);
            var (plus, minus) = ((float[])w.Clone(), (float[])w.Clone());
            (plus[i], minus[i]) = (w[i] + 1f, w[i] - 1f);
            double difference = (Loss(plus) - Loss(minus)) / 2;
            Assert.That(dw[i], Is.EqualTo(difference).Within(1e-4 * (1 + Math.Abs(difference))), $"dw[{i}]");
        }
    }

    // x[B, C, T]: one channel at 1 a step (one-hot events), or one value in twenty non-zero (magnitudes in [0.1, 1],
    // either sign); asserted sparse enough for the backend to take the sparse path
    private static float[] Input(ConvGeometry g, bool oneHot, int seed)
    {
        var random = new Random(seed);
        var signal = new float[g.InputSize];
        if (oneHot)
            for (int b = 0; b < g.Batch; b++)
            for (int t = 0; t < g.InLength; t++)
                signal[(b * g.InChannels + random.Next(g.InChannels)) * g.InLength + t] = 1f;
        else
            for (int i = 0; i < signal.Length; i++)
                if (random.Next(20) == 0)
                    signal[i] = (random.Next(2) == 0 ? -1f : 1f) * (0.1f + 0.9f * random.NextSingle());
        Assert.That(SparseFrameCodes.IsSparse(signal), Is.True, "the test's input must take the sparse path");
        return signal;
    }
}
