namespace TcnWtaNative.Kernels;

/// <summary>
/// A device's own measured peaks, the bounds its ops are fractions of: fp32 fused multiply-adds per second (2 flops
/// each, as datasheets count them; no tensor cores) on every thread it holds resident, and its memory's bandwidth for
/// an axpy over buffers far larger than its last-level cache, with bytes counted as the host's bandwidth counts them
/// (4 per float read, 4 per float written).
/// </summary>
public sealed record DevicePeaks(int Threads, double FmaGflops, double GigabytesPerSecond)
{
    /// <summary>
    /// Flops per second of TF32 tensor-core mmas (2 · 16 · 8 · 8 per m16n8k8) on every resident warp, through the
    /// same instruction wrapper the TF32 GEMM uses; null where the device has no TF32 path (an OpenCL GPU).
    /// </summary>
    public double? Tf32Gflops { get; init; }
}

/// <summary>
/// A backend whose buffers live on a device with its own arithmetic and memory (a GPU) measures that device's peaks,
/// since the host's FMA peak and bandwidth say nothing about it.
/// </summary>
public interface IDevicePeakProbe
{
    /// <summary>
    /// The median FMA rate and the fastest axpy of <paramref name="runs"/> timed runs each (after a warm-up run and a
    /// calibration that makes each FMA run last about 20 ms).
    /// </summary>
    DevicePeaks MeasurePeaks(int runs = 5);
}
