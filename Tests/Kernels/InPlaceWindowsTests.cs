using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// A stride-1 convolution's windows read in place by the GEMM (the column panels whose runs lie inside the signal)
/// against the same windows copied out into a row-major matrix, which the GEMM packs: the same FMAs in the same order,
/// so the products are equal to the bit. The signals have no slack around them, so a read past a run's range would
/// show as a wrong value where the packed path has padding's zeros.
/// </summary>
public class InPlaceWindowsTests
{
    // rows of op(A), channels, signal length, taps, dilation, shift, direction
    [TestCase(64, 8, 300, 3, 2, -4, 1, TestName = "causal forward, dilation 2")]
    [TestCase(64, 8, 300, 3, 2, 4, -1, TestName = "input gradient's windows of dy, dilation 2")]
    [TestCase(40, 100, 129, 3, 1, -2, 1, TestName = "two depth blocks (300 taps)")]
    [TestCase(9, 3, 257, 5, 1, -3, 1, TestName = "padding on both sides, one row panel")]
    [TestCase(6, 3, 70, 3, 16, -32, 1, TestName = "dilation 16 over 70 steps: few runs inside")]
    [TestCase(132, 4, 200, 3, 4, -8, 1, TestName = "the most rows read in place")]
    [TestCase(140, 4, 200, 3, 4, -8, 1, TestName = "rows past the limit: packed")]
    public void ProductEqualsTheCopiedOutWindows(int m, int channels, int length, int taps, int dilation, int shift,
        int direction)
    {
        int k = channels * taps, n = length;
        var signal = RandomTensors.UniformFloat(channels * length, 1);
        var windows = new SignalWindows(signal, 0, length, taps, dilation, shift, direction);
        var copied = new float[k * n];
        windows.Pack(0, n, 0, k, copied, n);
        var a = RandomTensors.UniformFloat(m * k, 2);
        var inPlace = RandomTensors.UniformFloat(m * n, 3);
        var packed = (float[])inPlace.Clone();

        var gemm = new PackedGemm();
        gemm.Multiply(m, n, k, 0.5f, new StridedOperand(a, 0, k, 1), windows, 0.25f, inPlace, 0);
        gemm.Multiply(m, n, k, 0.5f, new StridedOperand(a, 0, k, 1), new StridedOperand(copied, 0, 1, n), 0.25f,
            packed, 0);

        Assert.That(inPlace, Is.EqualTo(packed));
    }

    [TestCase(300, 3, 2, -4, 1, 0, 192)]
    [TestCase(300, 3, 2, 4, -1, 5, 100)]
    [TestCase(70, 3, 16, -32, 1, 0, 9)]
    [TestCase(40, 5, 1, -3, 1, 256, 44)]
    public void RowStartsMatchThePackedWindowsAndTheRangeEndsAtTheSignalsEdges(int length, int taps, int dilation,
        int shift, int direction, int p0, int depth)
    {
        int channels = (p0 + depth + taps - 1) / taps;
        var signal = RandomTensors.UniformFloat(channels * length, 4, low: 0.5, high: 1);
        var windows = new SignalWindows(signal, 0, length, taps, dilation, shift, direction);
        var expected = new float[depth * length];
        windows.Pack(0, length, p0, depth, expected, length);
        var rowStarts = new int[depth];

        var (first, end) = windows.RowsInPlace(p0, depth, rowStarts);

        int last = Math.Min(end, length);
        for (int p = 0; p < depth; p++)
        for (int i = first; i < last; i++)
            Assert.That(signal[rowStarts[p] + i], Is.EqualTo(expected[p * length + i]), $"step {p}, column {i}");
        // the signal is never zero, so a padded (zero) window marks where a run leaves it
        bool LeavesTheSignal(int column) => Enumerable.Range(0, depth).Any(p => expected[p * length + column] == 0f);
        if (first > 0) Assert.That(LeavesTheSignal(first - 1), "the range could start earlier");
        if (end < length) Assert.That(LeavesTheSignal(end), "the range could end later");
    }

    [Test]
    public void OperandsNotReadInPlaceOfferNoRuns()
    {
        var data = new float[64];
        Assert.Multiple(() =>
        {
            Assert.That(new StridedOperand(data, 0, 1, 8).RowsInPlace(0, 8, new int[8]), Is.EqualTo((0, 0)));
            Assert.That(new SignalWindows(data, 0, 16, 4, 1, 0, 1, Stride: 4).RowsInPlace(0, 8, new int[8]),
                Is.EqualTo((0, 0)));
            Assert.That(new SignalWindowsByTime(data, 0, 16, 2, 1, 0).RowsInPlace(0, 8, new int[8]),
                Is.EqualTo((0, 0)));
            Assert.That(new KernelTapsByInput(data, 0, 4, 2).RowsInPlace(0, 8, new int[8]), Is.EqualTo((0, 0)));
        });
    }
}
