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
    /// <summary>
    /// A hint: how many of the values are non-zero, when whoever filled the tensor knows (<see cref="Upload"/> counts;
    /// a batch assembled on the device sums its items' counts), else null. Convolutions over this tensor pass it on
    /// (<see cref="ConvGeometry.InputNonZeros"/>). Only a hint: every op gives the same result either way.
    /// </summary>
    public long? NonZeros { get; set; }
    /// <summary>
    /// A bound: at most this many of each column [b, :, t]'s C values are non-zero (a channel top-k code's k, its
    /// mask's, and the gradient behind that mask's); 0 when not known. Set by the sparsifier and passed on to the
    /// convolutions whose output side this is (<see cref="ConvGeometry.OutputNonZerosPerColumn"/>). Only a hint:
    /// every op gives the same result either way.
    /// </summary>
    public int NonZerosPerColumn { get; set; }
    private readonly DeviceBuffer _storage;   // Buffer itself, or the larger buffer Buffer is the front of
    private bool _ownsBuffer;

    // takes ownership of storage, which must hold at least batch·channels·length values
    private Tensor(DeviceBuffer storage, int batch, int channels, int length)
    {
        long size = (long)batch * channels * length;
        if (size > storage.Length)
            throw new ArgumentException(
                $"a tensor [{batch}, {channels}, {length}] needs {size} elements, the buffer holds {storage.Length}");
        _storage = storage;
        Buffer = size == storage.Length ? storage : storage.Slice(0, (int)size);
        Batch = batch;
        Channels = channels;
        Length = length;
        _ownsBuffer = true;
    }

    /// <summary>A new zero-filled tensor [batch, channels, length] on the backend.</summary>
    public static Tensor Zeros(IComputeBackend backend, int batch, int channels, int length)
        => new(backend.Allocate(ModelLimits.ActivationValues(batch, channels, length)), batch, channels, length);

    /// <summary>A tensor [batch, channels, length] holding a copy of values.</summary>
    public static Tensor FromHost(IComputeBackend backend, ReadOnlySpan<float> values, int batch, int channels,
        int length)
    {
        var tensor = Zeros(backend, batch, channels, length);
        tensor.Upload(backend, values);
        return tensor;
    }

    /// <summary>Copies <paramref name="values"/>, one per element, into the tensor, and counts their
    /// <see cref="NonZeros"/>.</summary>
    public void Upload(IComputeBackend backend, ReadOnlySpan<float> values)
    {
        backend.Upload(values, Buffer);
        NonZeros = NonZeroShare.Count(values);
    }

    /// <summary>
    /// This tensor's storage as a [batch, channels, length] when it is large enough (null when not), holding whatever
    /// the storage held: the new tensor owns the storage and this one gives it up, so the backend allocates and writes
    /// nothing.
    /// </summary>
    internal Tensor? Reshaped(int batch, int channels, int length)
    {
        if (!_ownsBuffer || (long)batch * channels * length > _storage.Length) return null;
        _ownsBuffer = false;
        return new Tensor(_storage, batch, channels, length);
    }

    /// <summary>The values copied to the host.</summary>
    public float[] ToHost(IComputeBackend backend)
    {
        var values = new float[Buffer.Length];
        backend.Download(Buffer, values);
        return values;
    }

    /// <summary>True when the tensor is [batch, channels, length].</summary>
    public bool HasShape(int batch, int channels, int length)
        => Batch == batch && Channels == channels && Length == length;

    /// <summary>"[B, C, T]".</summary>
    public override string ToString() => $"[{Batch}, {Channels}, {Length}]";

    /// <summary>Frees the buffer when the tensor owns it.</summary>
    public void Dispose()
    {
        if (_ownsBuffer) _storage.Dispose();
    }
}

/// <summary>
/// Layer-owned activation buffers that only grow: reused while the shape stays, reshaped in place when a new shape
/// fits, reallocated only when it does not, so once the longest piece has been seen a piece of a new length allocates
/// nothing. Their values are undefined after <see cref="Ensure"/>: every op that fills one writes all of it (as it must
/// anyway, since the same shape comes back holding the last step's values), so a change of shape needs no zeroing pass
/// (on the CPU about 9 % of groove-paper's full-batch epochs, which change shape between training and validation).
/// </summary>
public static class Activations
{
    /// <summary>
    /// <paramref name="tensor"/> when it already has the shape, else a tensor of the shape in its place: its storage
    /// reshaped when large enough, else a new one (the old one disposed). Its values are undefined: the caller writes
    /// every one.
    /// </summary>
    public static Tensor Ensure(IComputeBackend backend, ref Tensor? tensor, int batch, int channels, int length)
    {
        if (tensor is not null && tensor.HasShape(batch, channels, length)) return tensor;
        var reshaped = tensor?.Reshaped(batch, channels, length);
        if (reshaped is null)
        {
            tensor?.Dispose();
            reshaped = Tensor.Zeros(backend, batch, channels, length);
        }
        tensor = reshaped;
        return tensor;
    }

    /// <summary>
    /// x [B, C, T] itself when T is already <paramref name="length"/>, else x right-padded with zeros to [B, C, length]
    /// in <paramref name="padded"/> (reused while its shape stays, as <see cref="Ensure"/>; the row copy writes the
    /// zeros).
    /// </summary>
    public static Tensor ZeroPadded(IComputeBackend backend, Tensor x, int length, ref Tensor? padded)
    {
        if (x.Length == length) return x;
        if (x.Length > length) throw new ArgumentException($"{x} is longer than the {length} steps it is padded to");
        var target = Ensure(backend, ref padded, x.Batch, x.Channels, length);
        backend.CopyRows(x.Batch * x.Channels, x.Buffer, x.Length, target.Buffer, length);
        target.NonZeros = x.NonZeros; // the zeros added leave the count
        return target;
    }
}
