using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>Finds and opens the accelerator of an <see cref="IlgpuDeviceKind"/>.</summary>
public static class IlgpuDevices
{
    /// <summary>
    /// The CPU accelerator simulates one multiprocessor with 8 warps of 32 threads: groups of 256 threads, the size
    /// the grouped kernels launch on every device, so the very same kernels run here as on a GPU.
    /// </summary>
    private static CPUDevice SimulatedGpu { get; } = new(numThreadsPerWarp: 32, numWarpsPerMultiprocessor: 8,
        numMultiprocessors: 1);

    /// <summary>True when a device of this kind is present (the CPU accelerator always is).</summary>
    public static bool IsAvailable(IlgpuDeviceKind kind)
    {
        if (kind == IlgpuDeviceKind.Cpu) return true;
        using var context = CreateContext(kind);
        return FindDevice(context, kind) is not null;
    }

    /// <summary>
    /// A context holding only devices of <paramref name="kind"/> and an accelerator on the first one.
    /// </summary>
    internal static (Context Context, Accelerator Accelerator) Open(IlgpuDeviceKind kind)
    {
        var context = CreateContext(kind);
        try
        {
            var device = FindDevice(context, kind)
                ?? throw new NotSupportedException($"no {Describe(kind)} was found on this machine");
            return (context, device.CreateAccelerator(context));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>What a kind is called in messages: "CUDA GPU", "OpenCL GPU", "ILGPU CPU accelerator".</summary>
    private static string Describe(IlgpuDeviceKind kind) => kind switch
    {
        IlgpuDeviceKind.Cuda => "CUDA GPU",
        IlgpuDeviceKind.OpenCL => "OpenCL GPU",
        _ => "ILGPU CPU accelerator",
    };

    /// <summary>
    /// What every context is built with besides its device, the PTX checks' too (<see cref="KernelPtx"/>): ILGPU's
    /// algorithms library, which supplies the math a GPU has no instruction for (<c>MathF.Exp</c> and <c>MathF.Log</c>
    /// in the hits loss; without it the CUDA backend cannot compile the loss kernel), and optimization level O2.
    /// </summary>
    public static void Configure(Context.Builder builder) => builder.EnableAlgorithms().Optimize(OptimizationLevel.O2);

    private static Context CreateContext(IlgpuDeviceKind kind) => Context.Create(builder =>
    {
        switch (kind)
        {
            case IlgpuDeviceKind.Cuda: builder.Cuda(); break;
            case IlgpuDeviceKind.OpenCL:
                builder.OpenCL(device => device.DeviceType == CLDeviceType.CL_DEVICE_TYPE_GPU);
                break;
            default: builder.CPU(SimulatedGpu); break;
        }
        Configure(builder);
    });

    private static Device? FindDevice(Context context, IlgpuDeviceKind kind)
    {
        var type = kind switch
        {
            IlgpuDeviceKind.Cuda => AcceleratorType.Cuda,
            IlgpuDeviceKind.OpenCL => AcceleratorType.OpenCL,
            _ => AcceleratorType.CPU,
        };
        foreach (var device in context.Devices)
            if (device.AcceleratorType == type && device.MaxNumThreadsPerGroup >= GroupReduce.GroupSize) return device;
        return null;
    }
}
