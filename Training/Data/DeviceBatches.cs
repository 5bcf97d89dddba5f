using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Data;

/// <summary>
/// Batches of a set on the device, whichever way they get there: assembled on the device from the set held there
/// (<see cref="ResidentBatches"/>), or gathered on the host and uploaded into one tensor reused while its shape stays.
/// Given a frame length, a batch of B items of L frames is laid out as its frames, [B*L, C, K]
/// (<see cref="FrameItems"/>).
/// </summary>
public sealed class DeviceBatches : IDisposable
{
    private readonly IComputeBackend _backend;
    private readonly IBatchSource _source;
    private readonly ResidentBatches? _resident;
    private readonly int? _frameLength;
    private Tensor? _uploaded;
    private float[] _frames = [];

    /// <summary>Batches of <paramref name="source"/> on <paramref name="backend"/>; the set is uploaded once when
    /// <paramref name="resident"/>; as frames of <paramref name="frameLength"/> steps where given (a set of one
    /// length in whole frames, as <see cref="FrameItems.FrameLengthFor"/> finds).</summary>
    public DeviceBatches(IComputeBackend backend, IBatchSource source, bool resident, int? frameLength = null)
    {
        (_backend, _source, _frameLength) = (backend, source, frameLength);
        if (resident) _resident = new ResidentBatches(backend, source, frameLength);
    }

    /// <summary>The items at indices as a batch [B, C, max T_i] on the device, exactly as the set's Gather gives
    /// them (as frames, [B*L, C, K], given a frame length).</summary>
    public DeviceBatch Gather(IReadOnlyList<int> indices)
    {
        if (_resident is not null) return _resident.Gather(indices);
        return Upload(_source.GatherTransient(indices));
    }

    // a batch gathered on the host, in the tensor the host path reuses while its shape stays
    private DeviceBatch Upload(HostBatch host)
    {
        if (_frameLength is int k) return UploadAsFrames(host, k);
        var batch = Activations.Ensure(_backend, ref _uploaded, host.Batch, host.Channels, host.Length);
        batch.Upload(_backend, host.Values);
        return new DeviceBatch(batch, host.ValidLengths, host.ValidValues);
    }

    // a batch of items of one length [B, C, L*K] as its frames [B*L, C, K]
    private DeviceBatch UploadAsFrames(HostBatch host, int k)
    {
        if (host.ValidLengths is not null)
            throw new ArgumentException("a batch of items of different lengths does not go up as frames");
        int values = host.Batch * host.Channels * host.Length;
        if (_frames.Length < values) _frames = new float[values];
        FrameItems.Split(host.Values, host.Batch, host.Channels, host.Length, k, _frames);
        var frames = Activations.Ensure(_backend, ref _uploaded, host.Batch * (host.Length / k), host.Channels, k);
        frames.Upload(_backend, _frames.AsSpan(0, values));
        return new DeviceBatch(frames, null, host.ValidValues);
    }

    public void Dispose()
    {
        _resident?.Dispose();
        _uploaded?.Dispose();
    }
}
