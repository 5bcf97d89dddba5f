using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// What an accelerator must offer before <see cref="IlgpuBackend"/> loads a kernel on it: groups of
/// <see cref="GroupReduce.GroupSize"/> threads, which every reduction kernel uses, and NVIDIA tensor cores for
/// <see cref="GemmPrecision.Tf32"/> (the TF32 GEMM is inline PTX; ILGPU's CPU accelerator runs its emulation). Kept
/// apart from the backend so the refusals are tested on any machine, with no GPU of either kind.
/// </summary>
public static class AcceleratorSupport
{
    /// <summary>
    /// The error that refuses <paramref name="precision"/> on the accelerator <paramref name="name"/> of
    /// <paramref name="type"/>, which runs at most <paramref name="maxThreadsPerGroup"/> threads per group; null when
    /// it can run every kernel.
    /// </summary>
    public static Exception? Refusal(string name, AcceleratorType type, int maxThreadsPerGroup,
        GemmPrecision precision)
    {
        if (maxThreadsPerGroup < GroupReduce.GroupSize)
            return new NotSupportedException($"{name} runs at most {maxThreadsPerGroup} threads per group; the ILGPU "
                + $"kernels need {GroupReduce.GroupSize}");
        if (precision == GemmPrecision.Tf32 && type == AcceleratorType.OpenCL)
            return new ArgumentException("precision tf32 runs on NVIDIA tensor cores: use --device cuda (or "
                + "ilgpu-cpu, which emulates them); an OpenCL GPU computes in fp32 only");
        return null;
    }
}
