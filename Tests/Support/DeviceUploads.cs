using TcnWtaNative.Kernels;

namespace TcnWtaNative.Tests.Support;

/// <summary>Test values put on a backend, and read back, in one call.</summary>
public static class DeviceUploads
{
    /// <summary>A new buffer of values.Length floats on the backend, holding values; the caller disposes it.</summary>
    public static DeviceBuffer Uploaded(this IComputeBackend backend, float[] values)
    {
        var buffer = backend.Allocate(values.Length);
        backend.Upload(values, buffer);
        return buffer;
    }

    /// <summary>A new host array holding the buffer's floats.</summary>
    public static float[] Downloaded(this IComputeBackend backend, DeviceBuffer buffer)
    {
        var values = new float[buffer.Length];
        backend.Download(buffer, values);
        return values;
    }
}
