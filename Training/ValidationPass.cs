using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Training;

/// <summary>
/// The validation loss at the model's current k, with one wait for the device per pass: each batch's loss (the fused
/// forward with loss a training step runs, nothing updated) is left on the device in its own slot, then all slots come
/// back in one download and are averaged on the host in double, weighted by each batch's valid values, in batch order.
/// Under denoising training the encoder sees the set with one fixed draw of noise (<see cref="InputNoise"/>, the same
/// each pass, drawn on the device) and the loss compares with the clean set.
/// </summary>
public sealed class ValidationPass : IDisposable
{
    private readonly IComputeBackend _backend;
    private readonly DeviceBatches _batches;
    private readonly IReadOnlyList<int[]> _plan;
    private readonly DeviceBuffer _losses;
    private readonly DeviceBuffer[] _slots;
    private readonly float[] _host;
    private readonly long[] _validValues;
    private readonly InputNoise? _noise;

    /// <summary>The set in batches of <paramref name="batchSize"/> (0: all at once), held on the device when
    /// <paramref name="resident"/>; with <paramref name="noise"/>, the encoder's input is a fixed noisy copy seeded by
    /// <paramref name="noiseSeed"/>; as frames of <paramref name="frameLength"/> steps where given
    /// (<see cref="FrameItems"/>).</summary>
    public ValidationPass(IComputeBackend backend, IBatchSource set, int batchSize, bool resident,
        HitNoise? noise = null, int noiseSeed = 0, int? frameLength = null)
    {
        _backend = backend;
        _batches = new DeviceBatches(backend, set, resident, frameLength);
        _plan = BatchPlan.Of(set.Count, batchSize, shuffle: null);
        if (noise is { } hitNoise) _noise = new InputNoise(backend, hitNoise, noiseSeed);
        _losses = backend.Allocate(_plan.Count);
        _slots = [.. Enumerable.Range(0, _plan.Count).Select(batch => _losses.Slice(batch, 1))];
        (_host, _validValues) = (new float[_plan.Count], new long[_plan.Count]);
    }

    /// <summary>
    /// The mean loss over every valid value of the set; a cancellation stops it between batches
    /// (OperationCanceledException).
    /// </summary>
    public double Run(Autoencoder model, CancellationToken cancel = default)
    {
        double sum = 0, weight = 0;
        for (int b = 0; b < _plan.Count; b++)
        {
            cancel.ThrowIfCancellationRequested();
            var batch = _batches.Gather(_plan[b]);
            if (_noise is null) model.ForwardWithDeviceLoss(batch.Values, batch.ValidLengths, _slots[b]);
            else model.ForwardWithDeviceLoss(_noise.CorruptFixed(batch, b), batch.ValidLengths, _slots[b],
                target: batch.Values);
            _validValues[b] = batch.ValidValues;
        }
        _backend.Download(_losses, _host);
        for (int b = 0; b < _plan.Count; b++)
        {
            sum += (double)_host[b] * _validValues[b];
            weight += _validValues[b];
        }
        return sum / weight;
    }

    public void Dispose()
    {
        _losses.Dispose();
        _batches.Dispose();
        _noise?.Dispose();
    }
}
