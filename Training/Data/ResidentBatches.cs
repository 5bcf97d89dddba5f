using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Data;

/// <summary>
/// A batch put together on the device: the signal [B, C, T] and what its host twin <see cref="HostBatch"/> says about
/// it; where its items are laid out as their L frames (<see cref="FrameItems"/>), Values is [B*L, C, K] and
/// <paramref name="FramesPerItem"/> is L (else 1).
/// </summary>
public sealed record DeviceBatch(Tensor Values, int[]? ValidLengths, long ValidValues, int FramesPerItem = 1);

/// <summary>
/// A training set held on the device, uploaded once: event pieces (<see cref="EventPieceSet"/>) as their ids plus one
/// (0 pads), expanded to one-hot [B, 388, T] there by <see cref="IComputeBackend.OneHot"/>; any other set (Groove
/// grids, roll windows) as the values its Gather gives, item by item. A batch is assembled on the device, exactly the
/// batch the set's own Gather gives, into buffers that only grow: items of one length (Groove bars, roll windows) by
/// one <see cref="IComputeBackend.GatherRows"/> from their indices, whatever the batch size; items of different lengths
/// by one row copy per item, zero-padded to the longest. A batch of every item of a one-length set in the set's order
/// (a full-batch epoch, a validation pass in one batch) is the resident set itself: no copy. Each item's non-zeros are
/// counted once on the way up, so every batch knows its own (<see cref="Tensor.NonZeros"/>) without the device
/// looking. Sets of more than <see cref="MaxValues"/> values stay on the host (<see cref="Fits"/>). Given a frame
/// length, the items of a one-length set go up as their frames (<see cref="FrameItems"/>): a batch of B items of L
/// frames is [B*L, C, K].
/// </summary>
public sealed class ResidentBatches : IDisposable
{
    /// <summary>The most values (4 bytes each) a resident set may hold: 1 GiB.</summary>
    public const long MaxValues = 1L << 28;

    private readonly IComputeBackend _backend;
    private readonly IBatchSource _source;
    private readonly bool _events;
    private readonly bool _oneLength;   // every item has the same length: batches are gathered in one op
    private readonly int _framesPerItem;   // L: items laid out as their frames [L, C, K] (FrameItems), else 1
    private readonly int _rows;   // rows per item: 1 (event ids) or C
    private readonly long[] _offsets;
    private readonly long[] _nonZeros;   // each item's, as uploaded: an event piece's events, one non-zero each
    private readonly DeviceBuffer _values;
    private readonly Tensor? _wholeSet;   // the values as [items, C, T] (or [items*L, C, K]), for a one-length set
                                          // that is not events
    private Tensor? _ids, _batch, _indices;
    private float[] _hostIndices = [];

    /// <summary>
    /// Most items a batch may have for the trainer to keep a set on the device by default: each costs a row copy per
    /// step.
    /// </summary>
    public const int MaxDefaultBatch = 64;

    /// <summary>
    /// The most values a set may hold for the trainer to keep it as one block in host memory (a second copy beside the
    /// set's own items): 64 Mi, 256 MiB.
    /// </summary>
    public const long MaxHostValues = 1L << 26;

    /// <summary>
    /// Whether the trainer keeps <paramref name="source"/> on <paramref name="backend"/> unless told. On a device when
    /// the set <see cref="Fits"/> and its batches are gathered in one op (items of one length) or hold at most
    /// <see cref="MaxDefaultBatch"/> items. In host memory (the CPU backends) when it holds at most
    /// <see cref="MaxHostValues"/> values and its items have one length, or are event pieces in batches of at most
    /// <see cref="MaxDefaultBatch"/>: a batch is then one gathered copy (for event pieces, their ids expanded to
    /// one-hot) into a tensor that is reused, where a batch stacked on the host is a fresh array each time, then copied
    /// (the Groove bars of a full-batch epoch, 30 MB of newly mapped pages; a MAESTRO piece's one-hot, 37 MB on
    /// average).
    /// </summary>
    public static bool ByDefault(IComputeBackend backend, IBatchSource source, int largestBatch)
        => backend.BuffersInHostMemory
            ? (OneLength(source) || (source is EventPieceSet && largestBatch <= MaxDefaultBatch))
                && TotalValues(source) <= MaxHostValues
            : (largestBatch <= MaxDefaultBatch || OneLength(source)) && Fits(source);

    /// <summary>True when <paramref name="source"/> is small enough to live on the device.</summary>
    public static bool Fits(IBatchSource source) => TotalValues(source) <= MaxValues;

    /// <summary>
    /// Uploads every item of <paramref name="source"/> to <paramref name="backend"/>, once; as its frames of
    /// <paramref name="frameLength"/> steps where given (a one-length set that is not events, of whole frames).
    /// </summary>
    public ResidentBatches(IComputeBackend backend, IBatchSource source, int? frameLength = null)
    {
        if (!Fits(source))
            throw new ArgumentException($"a set of {TotalValues(source)} values does not fit the device's {MaxValues}");
        (_backend, _source, _events) = (backend, source, source is EventPieceSet);
        _rows = RowsPerItem(source);
        _oneLength = OneLength(source);
        _framesPerItem = FramesPerItem(frameLength);
        _offsets = new long[source.Count + 1];
        for (int i = 0; i < source.Count; i++) _offsets[i + 1] = _offsets[i] + (long)_rows * source.LengthOf(i);
        var host = new float[_offsets[^1]];
        _nonZeros = new long[source.Count];
        for (int i = 0; i < source.Count; i++)
        {
            var item = ItemOf(i);
            if (_framesPerItem > 1)
            {
                int length = source.LengthOf(i);
                FrameItems.Split(item, 1, _rows, length, length / _framesPerItem, host.AsSpan((int)_offsets[i]));
            }
            else item.CopyTo(host.AsSpan((int)_offsets[i]));
            _nonZeros[i] = NonZeroShare.Count(item);
        }
        if (_oneLength && !_events)
        {
            int length = source.LengthOf(0) / _framesPerItem;
            _wholeSet = Tensor.Zeros(backend, source.Count * _framesPerItem, _rows, length);
            _wholeSet.NonZeros = _nonZeros.Sum();
            _values = _wholeSet.Buffer;
        }
        else _values = backend.Allocate(host.Length);
        backend.Upload(host, _values);
    }

    /// <summary>
    /// The items at indices as a batch [B, C, max T_i] on the device; valid lengths as the set's Gather gives them.
    /// </summary>
    public DeviceBatch Gather(IReadOnlyList<int> indices)
    {
        int longest = 0;
        long valid = 0, nonZeros = 0;
        foreach (int i in indices)
        {
            longest = Math.Max(longest, _source.LengthOf(i));
            valid += _source.LengthOf(i);
            nonZeros += _nonZeros[i];
        }
        int[]? lengths = valid == (long)indices.Count * longest ? null : [.. indices.Select(_source.LengthOf)];
        if (_wholeSet is not null && IsEveryItemInOrder(indices))
            return new DeviceBatch(_wholeSet, null, valid * _source.Channels, _framesPerItem);
        ref var rowsBuffer = ref _events ? ref _ids : ref _batch;
        var rows = Activations.Ensure(_backend, ref rowsBuffer, indices.Count * _framesPerItem, _rows,
            longest / _framesPerItem);
        if (_oneLength) GatherOneLength(indices, _rows * longest, rows);
        else CopyItems(indices, rows, longest);
        var batch = rows;
        if (_events)
        {
            batch = Activations.Ensure(_backend, ref _batch, indices.Count, _source.Channels, longest);
            _backend.OneHot(indices.Count, _source.Channels, longest, rows.Buffer, batch.Buffer);
        }
        batch.NonZeros = nonZeros;
        return new DeviceBatch(batch, lengths, valid * _source.Channels, _framesPerItem);
    }

    // indices = 0 .. Count-1
    private bool IsEveryItemInOrder(IReadOnlyList<int> indices)
    {
        if (indices.Count != _source.Count) return false;
        for (int b = 0; b < indices.Count; b++)
            if (indices[b] != b) return false;
        return true;
    }

    // one op: the indices go up (as floats), the device picks the items' values [B, itemValues]
    private void GatherOneLength(IReadOnlyList<int> indices, int itemValues, Tensor rows)
    {
        if (_hostIndices.Length < indices.Count) _hostIndices = new float[indices.Count];
        for (int b = 0; b < indices.Count; b++) _hostIndices[b] = indices[b];
        var picked = Activations.Ensure(_backend, ref _indices, indices.Count, 1, 1);
        _backend.Upload(_hostIndices.AsSpan(0, indices.Count), picked.Buffer);
        _backend.GatherRows(indices.Count, itemValues, _values, picked.Buffer, rows.Buffer);
    }

    // one padded row copy per item into rows [B, rows, longest]
    private void CopyItems(IReadOnlyList<int> indices, Tensor rows, int longest)
    {
        for (int b = 0; b < indices.Count; b++)
        {
            int item = indices[b], length = _source.LengthOf(item);
            using var source = _values.Slice((int)_offsets[item], _rows * length);
            using var destination = rows.Buffer.Slice(b * _rows * longest, _rows * longest);
            _backend.CopyRows(_rows, source, length, destination, longest);
        }
    }

    public void Dispose()
    {
        if (_wholeSet is null) _values.Dispose();
        else _wholeSet.Dispose();
        _indices?.Dispose();
        _ids?.Dispose();
        _batch?.Dispose();
    }

    // L, the frames of frameLength steps in each item, where the items are to go up as their frames; else 1
    private int FramesPerItem(int? frameLength)
    {
        if (frameLength is not int k) return 1;
        if (!_oneLength || _events || k < 1 || _source.LengthOf(0) % k != 0)
            throw new ArgumentException(
                $"only a set of items of one length in whole frames goes up as frames of {k} steps");
        return _source.LengthOf(0) / k;
    }

    // true when every item has the first one's length (and there is one): its rows are equal-sized
    private static bool OneLength(IBatchSource source)
    {
        for (int i = 1; i < source.Count; i++)
            if (source.LengthOf(i) != source.LengthOf(0)) return false;
        return source.Count > 0;
    }

    private static int RowsPerItem(IBatchSource source) => source is EventPieceSet ? 1 : source.Channels;

    private static long TotalValues(IBatchSource source)
    {
        long total = 0;
        for (int i = 0; i < source.Count; i++) total += (long)RowsPerItem(source) * source.LengthOf(i);
        return total;
    }

    // item i as it goes up: event ids plus one [T_i], or the item's values [C, T_i]
    private float[] ItemOf(int index)
    {
        if (_source is not EventPieceSet events) return _source.Gather([index]).Values;
        var ids = events.EventsOf(index);
        var shifted = new float[ids.Length];
        for (int t = 0; t < ids.Length; t++) shifted[t] = ids[t] + 1;
        return shifted;
    }
}
