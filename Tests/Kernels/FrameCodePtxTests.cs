using ILGPU.Runtime.Cuda;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// What ILGPU's CUDA backend emits for the products over a sparse code (<c>FrameCodeKernels</c>), compiled without a
/// GPU: each keeps its sums in registers (no local memory) and waits at the barriers of its compaction.
/// </summary>
public class FrameCodePtxTests
{
    private static string Ptx(string field)
    {
        var (kernels, _) = LoadedKernels.Of(IlgpuTestDevice.Backend);
        var entry = kernels.Single(kernel => kernel.Name == $"FrameCodeKernels.{field}").Entry;
        return KernelPtx.Compile(entry, CudaArchitecture.SM_90, CudaInstructionSet.ISA_78);
    }

    [TestCase("_decode")]
    [TestCase("_weightGradient")]
    [TestCase("_maskedCorrelate")]
    public void SumsStayInRegistersAndTheGroupWaitsAtBarriers(string field)
    {
        string ptx = Ptx(field);
        Assert.Multiple(() =>
        {
            Assert.That(PtxText.Count(ptx, @"\.local"), Is.Zero, "no spills or stack arrays");
            Assert.That(PtxText.Count(ptx, @"bar\.sync"), Is.GreaterThanOrEqualTo(3), "the compaction's scan");
        });
    }
}
