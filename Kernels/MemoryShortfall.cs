using System.Globalization;

namespace TcnWtaNative.Kernels;

/// <summary>
/// The error for a buffer that does not fit, on the host or on a device: what was asked for, what is held, the limit,
/// and what would need less. An <see cref="InsufficientMemoryException"/>, so a caller can tell it from a bug; the CLI
/// prints it as one line.
/// </summary>
public static class MemoryShortfall
{
    private const string Remedy = "a smaller batch, shorter pieces or a smaller model need less";

    /// <summary>
    /// A managed buffer of <paramref name="bytes"/> was refused (<paramref name="cause"/>): the garbage collector's
    /// heap limit (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>) and what the heap holds now.
    /// </summary>
    public static InsufficientMemoryException OnHost(long bytes, OutOfMemoryException cause)
        => new($"out of host memory: a buffer of {Bytes(bytes)} does not fit beside {HostHeap()}; {Remedy}", cause);

    /// <summary>
    /// One line for any <see cref="OutOfMemoryException"/>: this class's own message, or for a bare one (an array
    /// outside a backend) the host heap's state.
    /// </summary>
    public static string Explain(OutOfMemoryException error) => error is InsufficientMemoryException
        ? error.Message
        : $"out of host memory: an allocation did not fit beside {HostHeap()}; {Remedy}";

    // what the managed heap holds and its limit, the garbage collector's hard limit where one is set
    private static string HostHeap()
        => $"the {Bytes(GC.GetTotalMemory(forceFullCollection: false))} this process holds, of its "
            + $"{Bytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} limit (DOTNET_GCHeapHardLimitPercent, in hex, "
            + "moves it)";

    /// <summary>
    /// <paramref name="device"/>, with <paramref name="deviceBytes"/> of memory, refused a buffer of
    /// <paramref name="bytes"/> (<paramref name="cause"/>, whose message is the driver's).
    /// </summary>
    public static InsufficientMemoryException OnDevice(string device, long deviceBytes, long bytes, Exception cause)
        => new($"{device} could not allocate {Bytes(bytes)} of its {Bytes(deviceBytes)} ({cause.Message.Trim()}); "
            + Remedy, cause);

    /// <summary>
    /// Before a run: <paramref name="work"/> needs at least <paramref name="bytes"/> (<paramref name="parts"/> says of
    /// what), more than the <paramref name="capacity"/> bytes that <paramref name="backend"/> can hold.
    /// </summary>
    public static InsufficientMemoryException Ahead(string work, long bytes, string parts, string backend,
        long capacity)
        => new($"not enough memory: {work} needs at least {Bytes(bytes)} ({parts}), more than the {Bytes(capacity)} "
            + $"that {backend} can hold; {Remedy}");

    /// <summary>"3.1 GiB", "512.0 MiB": binary units, one decimal.</summary>
    public static string Bytes(long bytes) => bytes >= 1L << 30
        ? (bytes / (double)(1L << 30)).ToString("0.0 GiB", CultureInfo.InvariantCulture)
        : (bytes / (double)(1L << 20)).ToString("0.0 MiB", CultureInfo.InvariantCulture);
}
