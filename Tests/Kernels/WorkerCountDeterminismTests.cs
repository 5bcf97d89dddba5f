using System.Numerics.Tensors;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The CPU ops that split their work by the active worker count (<see cref="ParallelElementwise"/>,
/// <see cref="ParallelBiasGradient"/>, the GEMM's packing run and depth slices, channel top-k's column items, a sparse
/// input's forward over fewer items than workers, the weight gradient over a code's non-zeros in runs of atoms of about
/// equal work) give the same floats on one worker and on all, so a result does not depend on the machine's core count;
/// the bias gradient also keeps the single thread's order.
/// </summary>
[NonParallelizable]
public class WorkerCountDeterminismTests
{
    private const int Length = 100_003;   // several items at either count, a partial one and a scalar tail

    private static readonly Action<IComputeBackend, DeviceBuffer[]>[] ElementwiseOps =
    [
        (backend, b) => backend.ReluForward(b[0], b[2]),
        (backend, b) => backend.ReluBackward(b[0], b[1], b[2], accumulate: false),
        (backend, b) => backend.ReluBackward(b[0], b[1], b[2], accumulate: true),
        (backend, b) => backend.Add(b[0], b[1], b[2]),
        (backend, b) => backend.AddInto(b[1], b[2]),
        (backend, b) => backend.Multiply(b[0], b[1], b[2]),
    ];

    public static IEnumerable<TestCaseData> ElementwiseCases()
        => Enumerable.Range(0, ElementwiseOps.Length).Select(op => new TestCaseData(op));

    [TestCaseSource(nameof(ElementwiseCases))]
    public void ElementwiseOpGivesTheSameFloatsOnOneWorkerAndOnAll(int op)
    {
        float[][] inputs = [RandomTensors.UniformFloat(Length, 1), RandomTensors.UniformFloat(Length, 2),
            RandomTensors.UniformFloat(Length, 3)];
        Assert.That(OnWorkers(1, inputs, ElementwiseOps[op]),
            Is.EqualTo(OnWorkers(CoreWorkers.Count, inputs, ElementwiseOps[op])));
    }

    [TestCase(4096, 100, 1)]   // groove's encoder: one float per channel and example, 16 channels a vector and 4 left
    [TestCase(300, 7, 1)]      // one float per row, fewer channels than a vector
    [TestCase(50, 32, 1)]      // one float per row, whole vectors only
    [TestCase(2000, 27, 16)]   // groove-paper's decoder: short rows, summed together
    [TestCase(3, 64, 5000)]    // long rows: one channel per item, each row's sum added in batch order
    [TestCase(5, 9, 63)]       // the longest short rows: three vectors and a tail of 15
    [TestCase(1001, 100, 4)]   // groove-beat's code: sixteen channels' rows as four vectors, and four channels left
    [TestCase(77, 35, 2)]      // two-beat codes: sixteen channels as two vectors, three left
    [TestCase(40, 33, 8)]      // the longest rows summed across channels
    [TestCase(9, 20, 5)]       // rows of 5: one masked vector a row, four sums in turn and one row left
    [TestCase(3, 5, 2)]        // fewer channels than a vector: float by float in the same order
    public void BiasGradientGivesTheSameFloatsOnOneWorkerAndOnAll(int batch, int channels, int length)
    {
        float[][] inputs = [RandomTensors.UniformFloat(batch * channels * length, 4),
            RandomTensors.UniformFloat(channels, 5)];
        void BiasBackward(IComputeBackend backend, DeviceBuffer[] b)
            => backend.BiasBackward(batch, channels, length, b[0], b[1], accumulate: true);
        var onOne = OnWorkers(1, inputs, BiasBackward);
        Assert.That(OnWorkers(CoreWorkers.Count, inputs, BiasBackward), Is.EqualTo(onOne));
        var rowByRow = (float[])inputs[1].Clone();
        var exact = inputs[1].Select(value => (double)value).ToArray();
        for (int b = 0; b < batch; b++)
        for (int c = 0; c < channels; c++)
        {
            var row = inputs[0].AsSpan((b * channels + c) * length, length);
            rowByRow[c] += TensorPrimitives.Sum(row);
            foreach (float value in row) exact[c] += value;
        }
        if (length == 1 || length >= ParallelBiasGradient.ShortestSummedRow) Assert.That(onOne, Is.EqualTo(rowByRow));
        for (int c = 0; c < channels; c++)
            Assert.That(onOne[c], Is.EqualTo(exact[c]).Within(2e-6 * batch * length), $"channel {c}");
    }

    [TestCase(12, 40, 96)]     // two row panels of a packed (transposed) A: the packing run splits panels into depth
                               // slices
    [TestCase(7, 300, 600)]    // two depth blocks, one of them short
    [TestCase(20, 70, 1300)]   // a small output over a long depth, in two slices whatever the core count
    public void GemmGivesTheSameFloatsOnOneWorkerAndOnAll(int m, int n, int k)
    {
        float[][] inputs = [RandomTensors.UniformFloat(k * m, 6), RandomTensors.UniformFloat(k * n, 7),
            RandomTensors.UniformFloat(m * n, 8)];
        void Gemm(IComputeBackend backend, DeviceBuffer[] b)
            => backend.Gemm(true, false, m, n, k, 0.5f, b[0], b[1], 1f, b[2]);
        Assert.That(OnWorkers(1, inputs, Gemm), Is.EqualTo(OnWorkers(CoreWorkers.Count, inputs, Gemm)));
    }

    [TestCase(1, 1000, 128, 100)]   // maestro's encoder: 128 code columns of 1000 atoms
    [TestCase(300, 40, 1, 4)]       // single-frame columns, selected 8 at a time
    public void TopKChannelsGivesTheSameFloatsOnOneWorkerAndOnAll(int batch, int atoms, int length, int k)
    {
        int size = batch * atoms * length;
        float[][] inputs = [RandomTensors.UniformFloat(size, 9), new float[size], new float[size]];
        void TopK(IComputeBackend backend, DeviceBuffer[] b)
            => backend.TopKChannels(batch, atoms, length, k, b[0], b[2], b[1]);
        Assert.That(OnWorkers(1, inputs, TopK), Is.EqualTo(OnWorkers(CoreWorkers.Count, inputs, TopK)));
    }

    [Test]
    public void TheForwardOfOneLongSparseItemGivesTheSameFloatsOnOneWorkerAndOnAll()
    {
        // one long item of one-hot events in frames of four steps: on one worker the item is decoded whole, on all
        // its frames are split into ranges and its steps transposed in ranges (a 1x1 convolution's steps are
        // SparseInputConvTests')
        var g = new ConvGeometry(1, 388, 64, 4096, 4, Stride: 4);
        var random = new Random(31);
        var input = new float[g.InputSize];
        for (int t = 0; t < g.InLength; t++) input[random.Next(g.InChannels) * g.InLength + t] = 1f;
        float[][] inputs = [input, RandomTensors.UniformFloat(g.WeightSize, 32),
            RandomTensors.UniformFloat(g.OutChannels, 33), new float[g.OutputSize]];
        void Forward(IComputeBackend backend, DeviceBuffer[] b) => backend.Conv1dForward(g, b[0], b[1], b[2], b[3]);
        Assert.That(OnWorkers(1, inputs, Forward), Is.EqualTo(OnWorkers(CoreWorkers.Count, inputs, Forward)));
    }

    [Test]
    public void TheWeightGradientOfASkewedCodeGivesTheSameFloatsOnOneWorkerOnAllAndSplitForSixteen()
    {
        // groove's shape over 1500 bars (three chunks of frames), atom n winning about 1 / (n + 1) as often as atom 0:
        // its runs of atoms differ in size at each worker count, and each atom's sums must not
        var g = new ConvGeometry(1500, 27, 100, 16, 16, Stride: 16);
        var random = new Random(41);
        var code = new float[g.OutputSize];
        for (int b = 0; b < g.Batch; b++)
        for (int pick = 0; pick < 4; pick++)
            code[b * g.OutChannels + (int)Math.Min(g.OutChannels - 1, 1 / (random.NextDouble() + 0.01) - 1)] =
                0.1f + random.NextSingle();
        float[][] inputs = [RandomTensors.UniformFloat(g.InputSize, 42), code, new float[g.WeightSize]];
        void WeightGradient(IComputeBackend backend, DeviceBuffer[] b)
            => backend.Conv1dBackwardWeight(g with { OutputNonZerosPerColumn = 4 }, b[0], b[1], b[2], false);
        var onOne = OnWorkers(1, inputs, WeightGradient);
        Assert.That(OnWorkers(CoreWorkers.Count, inputs, WeightGradient), Is.EqualTo(onOne));
        Assert.That(OnWorkers(16, inputs, WeightGradient), Is.EqualTo(onOne), "items sized for 16, replayed");
    }

    // the last buffer after op on a fresh CPU backend capped at `workers` workers; past this machine's, items sized for
    // that many and replayed on this thread (ScheduleReplay)
    private static float[] OnWorkers(int workers, float[][] inputs, Action<IComputeBackend, DeviceBuffer[]> op)
    {
        using var backend = new CpuBackend();
        var buffers = inputs.Select(input => backend.Allocate(input.Length)).ToArray();
        for (int i = 0; i < inputs.Length; i++) backend.Upload(inputs[i], buffers[i]);
        if (workers > CoreWorkers.Count) CoreWorkers.Replay = new ScheduleReplay(workers);
        else CoreWorkers.Active = workers;
        try { op(backend, buffers); }
        finally
        {
            CoreWorkers.Replay = null;
            CoreWorkers.Active = CoreWorkers.Count;
        }
        var result = new float[inputs[^1].Length];
        backend.Download(buffers[^1], result);
        foreach (var buffer in buffers) buffer.Dispose();
        return result;
    }
}
