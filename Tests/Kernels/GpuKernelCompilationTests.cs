using ILGPU.Runtime.Cuda;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// Every kernel the ILGPU backend loads (each GEMM layout, split-K reduction and TF32 kernel included) compiles for the
/// GPUs we run on, with no driver or device: to PTX for CUDA sm_80 and sm_90, and, all but the TF32 ones, to OpenCL C.
/// Kernels are checked on ILGPU's CPU accelerator, which runs .NET code as it is, so a construct a GPU backend cannot
/// translate, or a tile too big for a GPU's shared memory, would otherwise surface only on a GPU.
/// </summary>
[NonParallelizable]
public sealed class GpuKernelCompilationTests
{
    // the most shared memory a kernel may declare statically on any CUDA GPU (more needs a dynamic opt-in)
    private const long StaticSharedLimit = 48 * 1024;

    [TestCase(80)]   // A100
    [TestCase(90)]   // H100, H200
    public void EveryKernelTheBackendLoadsCompilesForCuda(int smVersion)
    {
        var architecture = smVersion == 80 ? CudaArchitecture.SM_80 : CudaArchitecture.SM_90;
        var (kernels, unresolved) = LoadedKernels.Of(IlgpuTestDevice.Backend);
        var failures = new List<string>();
        long largestShared = 0;
        foreach (var (name, entry) in kernels)
        {
            try
            {
                string ptx = KernelPtx.Compile(entry, architecture, CudaInstructionSet.ISA_78);
                if (!ptx.Contains(".entry")) failures.Add($"{name}: no entry point in its PTX");
                long shared = PtxText.StaticSharedBytes(ptx);
                largestShared = Math.Max(largestShared, shared);
                if (shared > StaticSharedLimit) failures.Add($"{name}: {shared} bytes of static shared memory");
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetBaseException().Message}");
            }
        }

        Assert.That(unresolved, Is.Empty, "launchers whose kernel was not found");
        // 28 kernels, and 5 in each of the 10 GEMM instantiations (plain, transposed, and the convolutions' layouts)
        Assert.That(kernels.Select(kernel => kernel.Name).Distinct().Count(), Is.GreaterThanOrEqualTo(20));
        Assert.That(kernels.Count(kernel => kernel.Name.StartsWith("LoadedGemm")), Is.GreaterThanOrEqualTo(50));
        Assert.That(largestShared, Is.GreaterThan(0), "the GEMMs' tiles are found in shared memory");
        Assert.That(failures, Is.Empty);
    }

    // TF32 multiplies on NVIDIA tensor cores in inline PTX; an OpenCL backend refuses tf32 (IlgpuBackend)
    [Test]
    public void EveryKernelButTheTf32OnesTranslatesForOpenCl()
    {
        var (kernels, _) = LoadedKernels.Of(IlgpuTestDevice.Backend);
        var failures = new List<string>();
        foreach (var (name, entry) in kernels.Where(kernel => !kernel.Name.EndsWith("._tf32")))
        {
            try
            {
                if (!KernelOpenCl.Compile(entry).Contains("kernel")) failures.Add($"{name}: no kernel in its source");
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetBaseException().Message}");
            }
        }

        Assert.That(kernels.Count(kernel => !kernel.Name.EndsWith("._tf32")), Is.GreaterThanOrEqualTo(50));
        Assert.That(failures, Is.Empty);
    }
}
