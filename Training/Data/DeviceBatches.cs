using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Data;

/// <summary>
/// Batches of a set on the device, whichever way they get there: assembled on the device from the set held there
/// (<see cref="ResidentBatches"/>), or gathered on the host and uploaded into one tensor reused while its shape stays.
/// Given a frame length, a resident set's batch of B items of L frames is laid out as its frames, [B*L, C, K]
/// (<see cref="FrameItems"/>): split once on the way up, where a host batch would pay a pass over its values each
/// step (piano-best's windows of 32 frames trained no faster so).
/// </summary>
public sealed class DeviceBatches : IDisposable
{
    private readonly IComputeBackend _backend;
    private readonly IBatchSource _source;
    private readonly ResidentBatches? _resident;
    private Tensor? _uploaded;

    /// <summary>Batches of <paramref name="source"/> on <paramref name="backend"/>; the set is uploaded once when
    /// <paramref name="resident"/>; as frames of <paramref name="frameLength"/> steps where given (a resident set of
    /// one length in whole frames, as <see cref="FrameItems.FrameLengthFor"/> finds).</summary>
    public DeviceBatches(IComputeBackend backend, IBatchSource source, bool resident, int? frameLength = null)
    {
        if (frameLength is not null && !resident)
            throw new ArgumentException("only a resident set goes up as frames");
        (_backend, _source) = (backend, source);
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
        var batch = Activations.Ensure(_backend, ref _uploaded, host.Batch, host.Channels, host.Length);
        batch.Upload(_backend, host.Values);
        return new DeviceBatch(batch, host.ValidLengths, host.ValidValues);
    }

    public void Dispose()
    {
        _resident?.Dispose();
        _uploaded?.Dispose();
    }
}
