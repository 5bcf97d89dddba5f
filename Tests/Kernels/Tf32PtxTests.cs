using ILGPU.Runtime.Cuda;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The TF32 GEMM kernel compiled to PTX by ILGPU's PTX backend without a GPU: the tensor-core multiply and the TF32
/// conversions reach the assembly a CUDA device would load (whether the device accepts it needs a GPU). ILGPU
/// resolves <c>CudaAsm.IsSupported</c> to a constant-true predicate there, so the emulation's shuffles stay in the
/// PTX as a branch never taken (left for ptxas to drop); this test does not count them.
/// </summary>
public sealed class Tf32PtxTests
{
    [Test]
    public void ThePtxHoldsTheMmaAndTheTf32Conversions()
    {
        string ptx = GemmPtx.CompileTf32(CudaArchitecture.SM_80, CudaInstructionSet.ISA_80);
        var instructions = ptx.Split('\n').Where(line => line.Contains("mma") || line.Contains("cvt.rna"));
        TestContext.Out.WriteLine(string.Join('\n', instructions));
        Assert.That(ptx, Does.Contain("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32"));
        int mmas = CountOf(ptx, "mma.sync"), conversions = CountOf(ptx, "cvt.rna.tf32.f32");
        Assert.That(conversions, Is.EqualTo(6 * mmas), "four A and two B operands rounded for every mma");
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0;
             at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}
