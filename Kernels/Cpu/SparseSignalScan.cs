using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The non-zeros of a signal that is mostly zeros (a one-hot event signal), found in one pass over it: the workers
/// scan ranges of the signal, skipping 64-value chunks that are all zeros and compacting the rest
/// (<see cref="NonZeroScan.Compact"/>), and stop once all together have seen more than the limit, when the answer is
/// "not sparse", the same answer as <see cref="SparseFrameCodes.IsSparse(float[], int, int, double)"/> at any worker
/// count; where they could pass the limit, the caller's thread first counts the first 64 Ki values alone, which
/// settles a dense signal without waking a worker. Otherwise the ranges hold every non-zero in memory order, which a
/// counting sort then buckets by a key: bucket i's are entries Starts[i] .. Starts[i+1]-1 of Payloads and Values, as
/// in <see cref="NonZeroBuckets"/>; the workers key each range's entries, so the caller's thread only counts and
/// places them. The arrays grow and are reused. Not thread-safe.
/// </summary>
public sealed class SparseSignalScan
{
    private const int ChunkValues = 64;
    private const int BlockValues = 4096;   // between checks of the shared total

    /// <summary>After <see cref="Bucket{TKey}"/>: where each bucket's entries start, and the entries.</summary>
    public int[] Starts = [], Payloads = [];

    /// <summary>After <see cref="Bucket{TKey}"/>: the entries' values.</summary>
    public float[] Values = [];

    private readonly ScanJob _scan = new();
    private ParallelJob? _keying;   // the KeyJob of the last key type bucketed by
    private RangeNonZeros[] _ranges = [];
    private int _rangeCount;

    /// <summary>How many non-zeros the last scan that found the signal sparse holds.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Whether values[offset .. offset + length) has at most <paramref name="mostNonZeros"/> of its values non-zero
    /// (NaN counts as non-zero); if so, its non-zeros are held for <see cref="Bucket{TKey}"/> or
    /// <see cref="CopyNonZeros"/>.
    /// </summary>
    public bool TryScan(float[] values, int offset, int length, double mostNonZeros)
    {
        long limit = (long)(length * mostNonZeros);
        // a dense signal (a TCN layer's activations) is most often past the limit within its first values: then no
        // worker is woken; a signal longer than its limit's reach (MAESTRO's one-hot events: 1.6 M values, a limit of
        // 99,000) cannot be, so it is not counted twice
        int first = Math.Min(length, SparseFrameCodes.FewestValuesPerCount);
        if (first > limit && NonZeroScan.Count(values.AsSpan(offset, first)) > limit)
        {
            (_rangeCount, Count) = (0, 0);
            return false;
        }
        int ranges = NonZeroScan.Ranges(length, SparseFrameCodes.FewestValuesPerCount);
        if (_ranges.Length < ranges)
        {
            int had = _ranges.Length;
            Array.Resize(ref _ranges, ranges);
            for (int i = had; i < ranges; i++) _ranges[i] = new RangeNonZeros();
        }
        _scan.Set(_ranges, values, offset, length, ranges, limit);
        CoreWorkers.Run(_scan, ranges);
        long total = _scan.Total;
        _scan.Clear();
        (_rangeCount, Count) = total <= limit ? (ranges, (int)total) : (0, 0);
        return total <= limit;
    }

    /// <summary>The held non-zeros' flat indices (from the scan's offset) and values, in memory order.</summary>
    public void CopyNonZeros(Span<int> indices, Span<float> values)
    {
        int at = 0;
        for (int r = 0; r < _rangeCount; r++)
        {
            var range = _ranges[r];
            range.Indices.AsSpan(0, range.Count).CopyTo(indices.Slice(at));
            range.Values.AsSpan(0, range.Count).CopyTo(values.Slice(at));
            at += range.Count;
        }
    }

    /// <summary>
    /// The held non-zeros into <paramref name="buckets"/> buckets by key, each bucket's in memory order: each range
    /// keyed by a worker, then a counting sort on this thread.
    /// </summary>
    internal void Bucket<TKey>(int buckets, TKey key) where TKey : struct, NonZeroBuckets.IKey
    {
        int ranges = _rangeCount;
        var keying = _keying as KeyJob<TKey> ?? new KeyJob<TKey>();
        _keying = keying;
        keying.Set(_ranges, key);
        CoreWorkers.Run(keying, ranges);
        if (Starts.Length < buckets + 1) Starts = new int[buckets + 1];
        var starts = Starts.AsSpan(0, buckets + 1);
        starts.Clear();
        int total = 0;
        for (int r = 0; r < ranges; r++)
        {
            var range = _ranges[r];
            foreach (int bucket in range.EntryBuckets.AsSpan(0, range.Count)) starts[bucket + 1]++;
            total += range.Count;
        }
        for (int bucket = 0; bucket < buckets; bucket++) starts[bucket + 1] += starts[bucket];
        if (Payloads.Length < total) (Payloads, Values) = (new int[total], new float[total]);
        for (int r = 0; r < ranges; r++)
        {
            var range = _ranges[r];
            for (int i = 0; i < range.Count; i++)
            {
                int at = starts[range.EntryBuckets[i]]++;
                (Payloads[at], Values[at]) = (range.EntryPayloads[i], range.Values[i]);
            }
        }
        // each start was moved to its bucket's end, which is the next bucket's start
        for (int bucket = buckets; bucket > 0; bucket--) starts[bucket] = starts[bucket - 1];
        starts[0] = 0;
    }

    /// <summary>
    /// One range's non-zeros in memory order (flat indices from the signal's start), and, once keyed, each one's
    /// bucket and payload.
    /// </summary>
    private sealed class RangeNonZeros
    {
        public int[] Indices = new int[BlockValues];
        public float[] Values = new float[BlockValues];
        public int[] EntryBuckets = [], EntryPayloads = [];
        public int Count;

        public void Key<TKey>(TKey key) where TKey : struct, NonZeroBuckets.IKey
        {
            if (EntryBuckets.Length < Count)
                (EntryBuckets, EntryPayloads) = (new int[Indices.Length], new int[Indices.Length]);
            for (int i = 0; i < Count; i++) (EntryBuckets[i], EntryPayloads[i]) = key.Of(Indices[i]);
        }

        /// <summary>Appends the non-zeros of values, whose first flat index is firstIndex; returns how many.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int Append(ReadOnlySpan<float> values, int firstIndex)
        {
            int had = Count;
            for (int i = 0; i < values.Length; i += ChunkValues)
            {
                var chunk = values.Slice(i, Math.Min(ChunkValues, values.Length - i));
                if (chunk.Length == ChunkValues && IsAllZeros(chunk)) continue;
                if (Indices.Length - Count < ChunkValues)
                {
                    Array.Resize(ref Indices, 2 * Indices.Length);
                    Array.Resize(ref Values, 2 * Values.Length);
                }
                Count += NonZeroScan.Compact(chunk, firstIndex + i, Indices.AsSpan(Count), Values.AsSpan(Count));
            }
            return Count - had;
        }

        // whether the 64 values are all +0 or -0 (a NaN is not): their bits but the sign's, or-ed together, are zero
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsAllZeros(ReadOnlySpan<float> chunk)
        {
            var bits = Vector256<uint>.Zero;
            for (int i = 0; i < ChunkValues; i += Vector256<float>.Count)
                bits |= Vector256.Create(chunk.Slice(i, Vector256<float>.Count)).AsUInt32();
            return (bits & Vector256.Create(0x7FFF_FFFFu)) == Vector256<uint>.Zero;
        }
    }

    /// <summary>Bucket's keying: item r keys range r's non-zeros.</summary>
    private sealed class KeyJob<TKey> : ParallelJob where TKey : struct, NonZeroBuckets.IKey
    {
        private RangeNonZeros[] _ranges = [];
        private TKey _key;

        public void Set(RangeNonZeros[] ranges, TKey key) => (_ranges, _key) = (ranges, key);

        public override void Run(int index, int worker) => _ranges[index].Key(_key);
    }

    /// <summary>
    /// The scan: item r appends range r's non-zeros (<see cref="NonZeroScan.Range"/>) a block at a time, adding each
    /// block's count to one shared total, and stops once the total is past the limit.
    /// </summary>
    private sealed class ScanJob : ParallelJob
    {
        private RangeNonZeros[] _ranges = [];
        private float[] _values = [];
        private int _offset, _length, _rangeCount;
        private long _limit, _total;

        public long Total => Interlocked.Read(ref _total);

        public void Set(RangeNonZeros[] ranges, float[] values, int offset, int length, int rangeCount, long limit)
            => (_ranges, _values, _offset, _length, _rangeCount, _limit, _total) = (ranges, values, offset, length,
                rangeCount, limit, 0);

        // drops the reference to the caller's array
        public void Clear() => _values = [];

        public override void Run(int index, int worker)
        {
            var (first, count) = NonZeroScan.Range(_length, _rangeCount, index);
            var range = _ranges[index];
            range.Count = 0;
            var values = _values.AsSpan(_offset + first, count);
            for (int i = 0; i < count && Interlocked.Read(ref _total) <= _limit; i += BlockValues)
            {
                int found = range.Append(values.Slice(i, Math.Min(BlockValues, count - i)), first + i);
                Interlocked.Add(ref _total, found);
            }
        }
    }
}
