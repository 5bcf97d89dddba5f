using ILGPU.Runtime.Cuda;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// What ILGPU's CUDA backend emits for the products over a sparse code (<c>FrameCodeKernels</c>) and over a sparse
/// input (<c>SparseInputKernels</c>), compiled without a GPU: each keeps its sums in registers (no local memory) and
/// waits at the barriers of its scan.
/// </summary>
public class SparseProductPtxTests
{
    private static string Ptx(string kernel)
    {
        var (kernels, _) = LoadedKernels.Of(IlgpuTestDevice.Backend);
        var entry = kernels.Single(loaded => loaded.Name == kernel).Entry;
        return KernelPtx.Compile(entry, CudaArchitecture.SM_90, CudaInstructionSet.ISA_78);
    }

    [TestCase("FrameCodeKernels._decode")]
    [TestCase("FrameCodeKernels._weightGradient")]
    [TestCase("FrameCodeKernels._maskedCorrelate")]
    [TestCase("SparseInputKernels._forward")]
    [TestCase("SparseInputKernels._weightGradient")]
    public void SumsStayInRegistersAndTheGroupWaitsAtBarriers(string kernel)
    {
        string ptx = Ptx(kernel);
        Assert.Multiple(() =>
        {
            Assert.That(PtxText.Count(ptx, @"\.local"), Is.Zero, "no spills or stack arrays");
            Assert.That(PtxText.Count(ptx, @"bar\.sync"), Is.GreaterThanOrEqualTo(3), "the scan's barriers");
        });
    }
}
