using ILGPU.Runtime.Cuda;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The TF32 GEMM kernel compiled to PTX by ILGPU's PTX backend without a GPU: the instruction mix a CUDA device would
/// load (whether the device accepts it needs a GPU). A warp's 32x32 tile issues 2 x 4 mmas per depth-8 step, two
/// steps per staged 16-deep K tile, from one multiply site inside the K walk; the operands are rounded to TF32 in
/// software as they are staged, once per staged element, and never converted per mma. ILGPU resolves
/// <c>CudaAsm.IsSupported</c> to a constant-true predicate there, so the emulation's shuffle loops stay in the PTX as
/// branches never taken (left for ptxas to drop); the tests do not count them.
/// </summary>
public sealed class Tf32PtxTests
{
    private const string MmaInstruction = "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32";

    // TF32's kept-bits mask 0xFFFFE000 as ILGPU prints it: the and of Tf32Rounding.Round.
    private const string RoundingMask = @"and\.b32\s+%r\d+, %r\d+, 4294959104;";

    private string _ptx = null!;

    [OneTimeSetUp]
    public void Compile()
    {
        _ptx = GemmPtx.CompileTf32(CudaArchitecture.SM_80, CudaInstructionSet.ISA_80);
        var mmas = _ptx.Split('\n').Where(line => line.Contains("mma.sync"));
        TestContext.Out.WriteLine(string.Join('\n', mmas));
    }

    [Test]
    public void AWarpIssuesSixteenMmasPerStagedKStep()
        => Assert.That(PtxText.Count(_ptx, Regex(MmaInstruction)), Is.EqualTo(2 * 2 * 4),
            "two depth-8 steps of a 2 x 4 warp tile, once in the kernel");

    [Test]
    public void OperandsAreRoundedOnceWhenStagedNeverPerMma()
        => Assert.Multiple(() =>
        {
            Assert.That(PtxText.Count(_ptx, @"cvt\.rna\.tf32\.f32"), Is.Zero, "a conversion per mma operand");
            // Per K step a thread stages two runs of four of a and up to two of b.
            Assert.That(PtxText.Count(_ptx, RoundingMask), Is.EqualTo(4 * 4));
        });

    [Test]
    public void TheStagingLoadsRunsOfFourAsVectorsBehindOneBarrierPerStep()
        => Assert.Multiple(() =>
        {
            Assert.That(PtxText.Count(_ptx, @"ld\.global\.v4\.f32"), Is.EqualTo(4), "two runs of a, two of b");
            Assert.That(PtxText.Count(_ptx, @"bar\.sync"), Is.EqualTo(1));
        });

    private static string Regex(string literal) => System.Text.RegularExpressions.Regex.Escape(literal);
}
