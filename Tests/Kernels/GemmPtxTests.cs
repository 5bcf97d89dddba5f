using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// What ILGPU's CUDA backend emits for the fp32 GEMM kernels, compiled without a GPU: the register-blocked kernels
/// (64x64 and 128x128) read runs of four floats with 16-byte vector loads in every transpose, from global memory and
/// from their shared tiles, wait at one barrier per K step (plus one before the walk), keep their accumulators in
/// registers (no local memory), and their only loop is the K walk: the depths of a staged step are straight-line code
/// (ILGPU at O2 keeps a counted loop, so they are unrolled by hand); the 32x32 kernel issues scalar loads only.
/// </summary>
public class GemmPtxTests
{
    // depths per staged step, and runs of four of a (and of b) each depth reads
    private static (int Depths, int RunsPerDepth) Stage(GemmTile tile) => tile == GemmTile.Block64 ? (16, 1) : (8, 2);

    [TestCase(GemmTile.Block64, false, false)]
    [TestCase(GemmTile.Block64, true, false)]
    [TestCase(GemmTile.Block64, false, true)]
    [TestCase(GemmTile.Block64, true, true)]
    [TestCase(GemmTile.Block128, false, false)]
    [TestCase(GemmTile.Block128, true, true)]
    public void TheRegisterBlockedKernelsLoadRunsOfFourAsVectors(GemmTile tile, bool transposeA, bool transposeB)
    {
        string ptx = GemmPtx.Compile(tile, transposeA, transposeB);
        var (depths, runs) = Stage(tile);
        Assert.Multiple(() =>
        {
            // a and b, each before the K walk and inside it.
            Assert.That(PtxText.Count(ptx, @"ld\.global\.v4\.f32"), Is.EqualTo(4));
            Assert.That(PtxText.Count(ptx, @"bar\.sync"), Is.EqualTo(2));
            // the multiply: one 16-byte shared read of a and one of b per depth of the staged step, no scalar ones,
            // from shared arrays aligned for them
            Assert.That(PtxText.Count(ptx, @"ld\.shared\.v4\.f32"), Is.EqualTo(2 * runs * depths), $"{depths} depths");
            Assert.That(PtxText.Count(ptx, @"ld\.shared\.f32"), Is.Zero);
            Assert.That(PtxText.Count(ptx, @"\.shared \.align 16 "), Is.EqualTo(2));
            Assert.That(PtxText.Count(ptx, @"\.local"), Is.Zero, "accumulators in registers");
        });
    }

    // One loop header: the K walk. A kept inner loop over the stage's depths would be a second one, nested in it.
    [TestCase(GemmTile.Block64, false, false)]
    [TestCase(GemmTile.Block64, true, true)]
    [TestCase(GemmTile.Block128, false, false)]
    [TestCase(GemmTile.Block128, true, true)]
    public void TheRegisterBlockedKernelsLoopOnlyOverKSteps(GemmTile tile, bool transposeA, bool transposeB)
    {
        string ptx = GemmPtx.Compile(tile, transposeA, transposeB);
        var (depths, runs) = Stage(tile);
        int outputs = 16 * runs * runs;   // 4x4 per thread, or 8x8
        Assert.Multiple(() =>
        {
            Assert.That(PtxText.LoopHeaders(ptx), Is.EqualTo(1));
            // The unrolled stage: every depth's products, each a mul.f32 (ILGPU leaves the add unfused for ptxas);
            // a kept loop would show one depth's.
            Assert.That(PtxText.Count(ptx, @"\bmul\.f32"), Is.GreaterThanOrEqualTo(depths * outputs));
        });
    }

    [Test]
    public void The32KernelLoadsScalarsAndKeepsItsInnerLoop()
        => Assert.Multiple(() =>
        {
            string ptx = GemmPtx.Compile(GemmTile.Block32, false, false);
            Assert.That(PtxText.Count(ptx, @"ld\.global\.v\d"), Is.Zero);
            Assert.That(PtxText.LoopHeaders(ptx), Is.EqualTo(3),
                "the K walk, its staging loop and its 32 depths: the loop finder sees nested loops");
        });
}
