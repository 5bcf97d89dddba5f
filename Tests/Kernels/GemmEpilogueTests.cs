using System.Collections.Concurrent;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The GEMM's epilogue hook: every block it hands over already holds C's final values, the blocks cover C exactly
/// once, and each spans whole rows or whole columns when asked, for shapes that split tasks both ways.
/// </summary>
public class GemmEpilogueTests
{
    // records each block and copies what C held when the block was handed over
    private readonly struct RecordingEpilogue(float[] c, int n,
        ConcurrentBag<(int Row, int Rows, int Col, int Cols)> blocks, float[] seen) : IGemmEpilogue
    {
        public void Finish(int firstRow, int rows, int firstCol, int cols)
        {
            blocks.Add((firstRow, rows, firstCol, cols));
            for (int i = firstRow; i < firstRow + rows; i++)
                Array.Copy(c, i * n + firstCol, seen, i * n + firstCol, cols);
        }
    }

    [TestCase(7, 17, 5, EpilogueBlocks.Any)]
    [TestCase(400, 100, 432, EpilogueBlocks.Any)]
    [TestCase(400, 100, 432, EpilogueBlocks.WholeRows)]
    [TestCase(1000, 128, 300, EpilogueBlocks.WholeColumns)]
    [TestCase(64, 1000, 40, EpilogueBlocks.WholeColumns)]
    [TestCase(64, 1000, 40, EpilogueBlocks.WholeRows)]
    [TestCase(5, 9, 0, EpilogueBlocks.WholeRows)]
    public void BlocksAreFinalCoverCOnceAndSpanWhatWasAsked(int m, int n, int k, EpilogueBlocks shape)
    {
        var a = RandomTensors.UniformFloat(m * k, 1);
        var b = RandomTensors.UniformFloat(k * n, 2);
        var c = new float[m * n];
        var seen = new float[m * n];
        var blocks = new ConcurrentBag<(int Row, int Rows, int Col, int Cols)>();
        new PackedGemm()
            .Multiply(m, n, k, 1f, StridedOperand.LeftOf(a, 0, false, m, k), StridedOperand.RightOf(b, 0, false, n, k),
            0f, c, 0, new RecordingEpilogue(c, n, blocks, seen), shape);

        Assert.That(seen, Is.EqualTo(c), "a block was handed over before its values were final");
        var covered = new int[m * n];
        foreach (var (row, rows, col, cols) in blocks)
        {
            if (shape == EpilogueBlocks.WholeRows)
                Assert.That((col, cols), Is.EqualTo((0, n)), "a block does not span whole rows");
            if (shape == EpilogueBlocks.WholeColumns)
                Assert.That((row, rows), Is.EqualTo((0, m)), "a block does not span whole columns");
            for (int i = row; i < row + rows; i++)
            for (int j = col; j < col + cols; j++) covered[i * n + j]++;
        }
        Assert.That(covered, Is.All.EqualTo(1), "the blocks do not cover C exactly once");
    }
}
