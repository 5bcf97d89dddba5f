namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>Which ILGPU accelerator runs the kernels.</summary>
public enum IlgpuDeviceKind
{
    /// <summary>The first CUDA GPU.</summary>
    Cuda,
    /// <summary>The first OpenCL GPU.</summary>
    OpenCL,
    /// <summary>
    /// ILGPU's CPU accelerator simulating a GPU: slow, exact, for parity tests on machines without a GPU.
    /// </summary>
    Cpu,
}
