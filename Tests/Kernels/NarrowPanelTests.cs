using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The remainder panel of the 32-wide GEMM (at most 16 columns, one 512-bit vector a row) against the same columns
/// computed inside a full 6x32 panel: each sum takes the same terms in the same order, so the products are equal to the
/// bit, whatever the depth blocks, alpha and beta.
/// </summary>
public class NarrowPanelTests
{
    // rows of C, columns in the remainder panel, depth
    [TestCase(6, 16, 100, TestName = "one full narrow tile")]
    [TestCase(13, 4, 432, TestName = "groove's four remainder atoms over two depth blocks, partial row tiles")]
    [TestCase(600, 9, 40, TestName = "many row panels, nine columns")]
    public void RemainderColumnsEqualThoseOfAFullPanel(int m, int narrowColumns, int k)
    {
        if (PackedGemm.PanelCols != 32) Assert.Ignore("no 512-bit vectors here: every panel is 16 wide");
        int narrowN = 32 + narrowColumns, fullN = 64;
        var a = RandomTensors.UniformFloat(m * k, 1);
        var b = RandomTensors.UniformFloat(k * narrowN, 2);   // row-major [k, narrowN]
        var widened = new float[k * fullN];                   // the same columns, then zeros up to a full panel
        for (int p = 0; p < k; p++) Array.Copy(b, p * narrowN, widened, p * fullN, narrowN);
        var start = RandomTensors.UniformFloat(m * fullN, 3);
        var narrow = new float[m * narrowN];
        var full = (float[])start.Clone();
        for (int r = 0; r < m; r++) Array.Copy(start, r * fullN, narrow, r * narrowN, narrowN);

        var gemm = new PackedGemm();
        gemm.Multiply(m, narrowN, k, 0.75f, new PackedGemm.Operand(a, 0, false), new PackedGemm.Operand(b, 0, false),
            -1.25f, narrow, 0);
        gemm.Multiply(m, fullN, k, 0.75f, new PackedGemm.Operand(a, 0, false),
            new PackedGemm.Operand(widened, 0, false), -1.25f, full, 0);

        for (int r = 0; r < m; r++)
            Assert.That(narrow.AsSpan(r * narrowN, narrowN).ToArray(),
                Is.EqualTo(full.AsSpan(r * fullN, narrowN).ToArray()), $"row {r}");
    }
}
