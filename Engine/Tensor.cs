using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine;

/// <summary>A signal [B, C, T] in one backend buffer, row-major.</summary>
public sealed class Tensor : IDisposable
{
    /// <summary>The backend buffer holding the values.</summary>
    public DeviceBuffer Buffer { get; }
    /// <summary>B: batch items.</summary>
    public int Batch { get; }
    /// <summary>C: channels.</summary>
    public int Channels { get; }
    /// <summary>T: time steps.</summary>
    public int Length { get; }
    private readonly bool _ownsBuffer;

    private Tensor(DeviceBuffer buffer, int batch, int channels, int length, bool ownsBuffer)
    {
        if ((long)batch * channels * length != buffer.Length)
            throw new ArgumentException($"a tensor [{batch}, {channels}, {length}] needs {(long)batch * channels * length} elements, the buffer holds {buffer.Length}");
        Buffer = buffer;
        Batch = batch;
        Channels = channels;
        Length = length;
        _ownsBuffer = ownsBuffer;
    }

    /// <summary>A new zero-filled tensor [batch, channels, length] on the backend.</summary>
    public static Tensor Zeros(IComputeBackend backend, int batch, int channels, int length)
        => new(backend.Allocate(ModelLimits.ActivationValues(batch, channels, length)), batch, channels, length, ownsBuffer: true);

    /// <summary>A tensor [batch, channels, length] holding a copy of values.</summary>
    public static Tensor FromHost(IComputeBackend backend, ReadOnlySpan<float> values, int batch, int channels, int length)
    {
        var tensor = Zeros(backend, batch, channels, length);
        backend.Upload(values, tensor.Buffer);
        return tensor;
    }

    /// <summary>A view of an existing buffer as [batch, channels, length]; disposing it frees nothing.</summary>
    public static Tensor View(DeviceBuffer buffer, int batch, int channels, int length) => new(buffer, batch, channels, length, ownsBuffer: false);

    /// <summary>The values copied to the host.</summary>
    public float[] ToHost(IComputeBackend backend)
    {
        var values = new float[Buffer.Length];
        backend.Download(Buffer, values);
        return values;
    }

    /// <summary>True when the tensor is [batch, channels, length].</summary>
    public bool HasShape(int batch, int channels, int length) => Batch == batch && Channels == channels && Length == length;

    /// <summary>"[B, C, T]".</summary>
    public override string ToString() => $"[{Batch}, {Channels}, {Length}]";

    /// <summary>Frees the buffer when the tensor owns it.</summary>
    public void Dispose()
    {
        if (_ownsBuffer) Buffer.Dispose();
    }
}

/// <summary>Layer-owned activation buffers: reused while the shape stays, reallocated when it changes.</summary>
public static class Activations
{
    /// <summary><paramref name="tensor"/> when it already has the shape, else a new zero tensor in its place (the old one disposed).</summary>
    public static Tensor Ensure(IComputeBackend backend, ref Tensor? tensor, int batch, int channels, int length)
    {
        if (tensor is not null && tensor.HasShape(batch, channels, length)) return tensor;
        tensor?.Dispose();
        tensor = Tensor.Zeros(backend, batch, channels, length);
        return tensor;
    }

    /// <summary>
    /// x [B, C, T] itself when T is already <paramref name="length"/>, else x right-padded with zeros to [B, C, length] in
    /// <paramref name="padded"/> (reused while its shape stays, as <see cref="Ensure"/>).
    /// </summary>
    public static Tensor ZeroPadded(IComputeBackend backend, Tensor x, int length, ref Tensor? padded)
    {
        if (x.Length == length) return x;
        if (x.Length > length) throw new ArgumentException($"{x} is longer than the {length} steps it is padded to");
        var target = Ensure(backend, ref padded, x.Batch, x.Channels, length);
        backend.CopyRows(x.Batch * x.Channels, x.Buffer, x.Length, target.Buffer, length);
        return target;
    }
}
