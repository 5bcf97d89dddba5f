using ILGPU.Runtime.Cuda;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// Every kernel the ILGPU backend loads (each GEMM layout, split-K reduction and TF32 kernel included) compiles to PTX
/// for the GPUs we run on, with no CUDA driver or device: kernels are checked on ILGPU's CPU accelerator, which runs
/// .NET code as it is, so a construct the CUDA backend cannot translate would otherwise surface only on a GPU.
/// </summary>
[NonParallelizable]
public sealed class KernelPtxTests
{
    [TestCase(80)]   // A100
    [TestCase(90)]   // H100, H200
    public void EveryKernelTheBackendLoadsCompilesForCuda(int smVersion)
    {
        var architecture = smVersion == 80 ? CudaArchitecture.SM_80 : CudaArchitecture.SM_90;
        var (kernels, unresolved) = LoadedKernels.Of(IlgpuTestDevice.Backend);
        var failures = new List<string>();
        foreach (var (name, entry) in kernels)
        {
            try
            {
                string ptx = KernelPtx.Compile(entry, architecture, CudaInstructionSet.ISA_78);
                if (!ptx.Contains(".entry")) failures.Add($"{name}: no entry point in its PTX");
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetBaseException().Message}");
            }
        }

        Assert.That(unresolved, Is.Empty, "launchers whose kernel was not found");
        // 28 kernels, and 4 in each of the 10 GEMM instantiations (plain, transposed, and the convolutions' layouts)
        Assert.That(kernels.Select(kernel => kernel.Name).Distinct().Count(), Is.GreaterThanOrEqualTo(20));
        Assert.That(kernels.Count(kernel => kernel.Name.StartsWith("LoadedGemm")), Is.GreaterThanOrEqualTo(40));
        Assert.That(failures, Is.Empty);
    }
}
