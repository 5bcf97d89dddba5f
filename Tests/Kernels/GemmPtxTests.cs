using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// What ILGPU's CUDA backend emits for the fp32 GEMM kernels, compiled without a GPU: the register-blocked kernel reads
/// runs of four floats with 16-byte vector loads in every transpose, from global memory and from its shared tiles,
/// waits at one barrier per K step (plus one before
/// the walk), and its only loop is the K walk: the 16 depths of a staged step are straight-line code (ILGPU at O2 keeps
/// a counted loop, so they are unrolled by hand); the 32x32 kernel issues scalar loads only.
/// </summary>
public class GemmPtxTests
{
    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void TheRegisterBlockedKernelLoadsRunsOfFourAsVectors(bool transposeA, bool transposeB)
    {
        string ptx = GemmPtx.Compile(GemmTile.Block64, transposeA, transposeB);
        Assert.Multiple(() =>
        {
            // a and b, each before the K walk and inside it.
            Assert.That(PtxText.Count(ptx, @"ld\.global\.v4\.f32"), Is.EqualTo(4));
            Assert.That(PtxText.Count(ptx, @"bar\.sync"), Is.EqualTo(2));
            // the multiply: one 16-byte shared read of a and one of b per depth of the staged step, no scalar ones,
            // from shared arrays aligned for them
            Assert.That(PtxText.Count(ptx, @"ld\.shared\.v4\.f32"), Is.EqualTo(2 * 16), "16 depths");
            Assert.That(PtxText.Count(ptx, @"ld\.shared\.f32"), Is.Zero);
            Assert.That(PtxText.Count(ptx, @"\.shared \.align 16 "), Is.EqualTo(2));
        });
    }

    // One loop header: the K walk. A kept inner loop over the stage's depths would be a second one, nested in it.
    [TestCase(false, false)]
    [TestCase(true, true)]
    public void TheRegisterBlockedKernelLoopsOnlyOverKSteps(bool transposeA, bool transposeB)
    {
        string ptx = GemmPtx.Compile(GemmTile.Block64, transposeA, transposeB);
        Assert.Multiple(() =>
        {
            Assert.That(PtxText.LoopHeaders(ptx), Is.EqualTo(1));
            // The unrolled stage: 16 depths x 4 x 4 products, each a mul.f32 (ILGPU leaves the add unfused for ptxas);
            // a kept loop would show one depth's 16.
            Assert.That(PtxText.Count(ptx, @"\bmul\.f32"), Is.GreaterThanOrEqualTo(16 * 4 * 4));
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
