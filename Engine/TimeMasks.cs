using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine;

/// <summary>
/// The loss's time masks [B, 1, Tp] on the device: 1 where t &lt; validLength[b] (default T), else 0. A mask whose
/// items all count to T (only the padding to whole frames is masked) depends on (B, T, Tp) alone: it is uploaded once
/// per shape and kept, up to <see cref="MaxCachedValues"/> values in all, so a later epoch over the same lengths
/// uploads nothing. A mask of items of different valid lengths goes up when it differs from the last one, into one
/// buffer that only grows.
/// </summary>
internal sealed class TimeMasks(IComputeBackend backend) : IDisposable
{
    /// <summary>The most mask values (4 bytes each) kept for reuse: 64 MiB.</summary>
    public const long MaxCachedValues = 1L << 24;

    private readonly Dictionary<(int Batch, int Length, int PaddedLength), Tensor> _uniform = [];
    private long _cachedValues;
    private Tensor? _ragged;
    private float[] _host = [];   // reused, so masked steps allocate nothing
    private int[] _raggedLengths = [];

    /// <summary>The mask [B, 1, Tp] for a batch [B, C, T] padded to Tp with these valid lengths; null when every step
    /// counts.</summary>
    public DeviceBuffer? For(int batch, int length, int paddedLength, IReadOnlyList<int>? validLengths)
    {
        if (validLengths is not null && validLengths.Count != batch)
            throw new ArgumentException($"{validLengths.Count} valid lengths were given for a batch of {batch}");
        bool ragged = validLengths is not null && AnyShorter(validLengths, length);
        if (!ragged && paddedLength == length) return null;
        if (ragged) return Ragged(batch, length, paddedLength, validLengths!);
        if (_uniform.TryGetValue((batch, length, paddedLength), out var kept)) return kept.Buffer;
        long values = (long)batch * paddedLength;
        if (_cachedValues + values > MaxCachedValues) return Ragged(batch, length, paddedLength, validLengths);
        var mask = Tensor.Zeros(backend, batch, 1, paddedLength);
        Upload(batch, length, paddedLength, validLengths, mask);
        _uniform.Add((batch, length, paddedLength), mask);
        _cachedValues += values;
        return mask.Buffer;
    }

    // the mask in the reused buffer, uploaded unless it holds this one already
    private DeviceBuffer Ragged(int batch, int length, int paddedLength, IReadOnlyList<int>? validLengths)
    {
        bool same = _ragged is not null && _ragged.HasShape(batch, 1, paddedLength)
            && SameLengths(validLengths, length, batch);
        var mask = Activations.Ensure(backend, ref _ragged, batch, 1, paddedLength);
        if (same) return mask.Buffer;
        Upload(batch, length, paddedLength, validLengths, mask);
        if (_raggedLengths.Length != batch) _raggedLengths = new int[batch];
        for (int b = 0; b < batch; b++) _raggedLengths[b] = validLengths?[b] ?? length;
        return mask.Buffer;
    }

    private bool SameLengths(IReadOnlyList<int>? validLengths, int length, int batch)
    {
        if (_raggedLengths.Length != batch) return false;
        for (int b = 0; b < batch; b++)
            if (_raggedLengths[b] != (validLengths?[b] ?? length)) return false;
        return true;
    }

    private void Upload(int batch, int length, int paddedLength, IReadOnlyList<int>? validLengths, Tensor mask)
    {
        if (_host.Length != batch * paddedLength) _host = new float[batch * paddedLength];
        Array.Clear(_host);
        for (int b = 0; b < batch; b++)
        {
            int valid = validLengths?[b] ?? length;
            if (valid < 0 || valid > length) throw new ArgumentException($"valid length {valid} of batch item {b} lies "
                + $"outside [0, {length}]");
            _host.AsSpan(b * paddedLength, valid).Fill(1f);
        }
        backend.Upload(_host, mask.Buffer);
    }

    // a loop, not LINQ: its lambda's closure would be allocated on every step
    private static bool AnyShorter(IReadOnlyList<int> validLengths, int length)
    {
        for (int b = 0; b < validLengths.Count; b++)
            if (validLengths[b] != length) return true;
        return false;
    }

    public void Dispose()
    {
        foreach (var mask in _uniform.Values) mask.Dispose();
        _ragged?.Dispose();
    }
}
