using System.Runtime.CompilerServices;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The non-zeros of a mostly zero array grouped into buckets by a key: bucket i's are entries Starts[i] ..
/// Starts[i+1]-1 of Payloads (an int the key gives with the bucket) and Values, in memory order. Built by a counting
/// sort: a range of the array is counted without branches, then scanned once, keying each non-zero
/// (<see cref="NonZeroScan"/>); the ranges' counts give each bucket's start and each range's place in it, and each
/// range's keyed entries alone are then placed. <see cref="SortInParallel{TKey}"/> splits a whole code into ranges
/// among the workers, with the same result as <see cref="Sort{TKey}"/>; where ranges times buckets is large, the
/// merge too runs on the workers, a chunk of buckets each, from chunk totals the ranges counted. The arrays grow and
/// are reused. Not thread-safe.
/// </summary>
internal sealed class NonZeroBuckets
{
    /// <summary>Where a non-zero at a flat index goes: its bucket and the payload stored with it.</summary>
    public interface IKey
    {
        (int Bucket, int Payload) Of(int index);
    }

    /// <summary>The fewest values a range of a parallel sort scans: below it, a wake of the workers costs more.
    /// </summary>
    public const int FewestValuesPerRange = 1 << 13;

    // The most bucket-by-range steps a merge takes on the caller's thread (a few microseconds: about one wake of the
    // workers), and the fewest buckets in a chunk of a parallel merge.
    private const int MostSerialMergeSteps = 1 << 12;
    private const int FewestBucketsPerChunk = 64;

    public int[] Starts = [], Payloads = [];
    public float[] Values = [];

    private RangeEntries[] _ranges = [];
    private int[] _chunkStarts = [];
    private ParallelJob? _job;   // the RangeJob of the last key type sorted in parallel

    /// <summary>Groups the non-zeros of values into <paramref name="buckets"/> buckets by key, on this thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Sort<TKey>(ReadOnlySpan<float> values, int buckets, TKey key) where TKey : struct, IKey
    {
        GrowRanges(1);
        _ranges[0].Key(values, 0, buckets, key, new MergeChunks(1, buckets));
        Merge(1, buckets);
        _ranges[0].Place(this);
    }

    /// <summary>
    /// The non-zeros of values into one bucket, each with its index as its payload, on this thread: <see
    /// cref="Sort{TKey}"/> with a key of one bucket and the index for payload (a single frame's terms), without the
    /// keying and the counts.
    /// </summary>
    public void Gather(ReadOnlySpan<float> values)
    {
        if (Starts.Length < 2) Starts = new int[2];
        if (Payloads.Length < values.Length) (Payloads, Values) = (new int[values.Length], new float[values.Length]);
        (Starts[0], Starts[1]) = (0, NonZeroScan.Compact(values, 0, Payloads, Values));
    }

    /// <summary>
    /// <see cref="Sort{TKey}"/> of values[offset .. offset + length), its ranges keyed and placed by the workers (flat
    /// indices count from offset). From the caller's thread, never from inside a parallel job.
    /// </summary>
    public void SortInParallel<TKey>(float[] values, int offset, int length, int buckets, TKey key)
        where TKey : struct, IKey
    {
        int ranges = NonZeroScan.Ranges(length, FewestValuesPerRange);
        if (ranges == 1)
        {
            Sort(values.AsSpan(offset, length), buckets, key);
            return;
        }
        GrowRanges(ranges);
        var job = _job as RangeJob<TKey> ?? new RangeJob<TKey>();
        _job = job;
        var chunks = (long)ranges * buckets <= MostSerialMergeSteps
            ? new MergeChunks(1, buckets)
            : MergeChunks.For(buckets, ranges);
        job.Set(this, values, offset, length, ranges, buckets, key, chunks);
        CoreWorkers.Run(job, ranges);
        if (chunks.Count == 1) Merge(ranges, buckets);
        else
        {
            MergeInChunks(ranges, buckets, chunks);
            job.Phase = SortPhase.Merging;
            CoreWorkers.Run(job, chunks.Count);
        }
        job.Phase = SortPhase.Placing;
        CoreWorkers.Run(job, ranges);
        job.Clear();
    }

    private void GrowRanges(int ranges)
    {
        if (_ranges.Length >= ranges) return;
        int had = _ranges.Length;
        Array.Resize(ref _ranges, ranges);
        for (int i = had; i < ranges; i++) _ranges[i] = new RangeEntries();
    }

    // each bucket's start, and each range's count in it turned into the range's first slot there
    private void Merge(int ranges, int buckets)
    {
        ScratchArrays.Grow(ref Starts, buckets + 1);
        HoldTotal(buckets, MergeBuckets(0, buckets, ranges, 0));
    }

    // the merge's serial part when it runs in chunks: each chunk's first slot, from the ranges' chunk totals
    private void MergeInChunks(int ranges, int buckets, MergeChunks chunks)
    {
        ScratchArrays.Grow(ref Starts, buckets + 1);
        ScratchArrays.Grow(ref _chunkStarts, chunks.Count);
        int total = 0;
        for (int chunk = 0; chunk < chunks.Count; chunk++)
        {
            _chunkStarts[chunk] = total;
            for (int r = 0; r < ranges; r++) total += _ranges[r].ChunkCounts[chunk];
        }
        HoldTotal(buckets, total);
    }

    // Merge's work for the buckets of one chunk, from the chunk's first slot
    private void MergeChunk(int chunk, int ranges, int buckets, MergeChunks chunks)
    {
        var (first, end) = chunks.Buckets(chunk, buckets);
        MergeBuckets(first, end, ranges, _chunkStarts[chunk]);
    }

    // buckets [first, end) from slot `total` on: returns the slot after them
    private int MergeBuckets(int first, int end, int ranges, int total)
    {
        for (int bucket = first; bucket < end; bucket++)
        {
            Starts[bucket] = total;
            for (int r = 0; r < ranges; r++)
                (_ranges[r].Counts[bucket], total) = (total, total + _ranges[r].Counts[bucket]);
        }
        return total;
    }

    // the end of the last bucket, and room for all the entries
    private void HoldTotal(int buckets, int total)
    {
        Starts[buckets] = total;
        if (Payloads.Length < total) (Payloads, Values) = (new int[total], new float[total]);
    }

    /// <summary>A parallel merge's split of the buckets into <see cref="Count"/> chunks of equal size.</summary>
    private readonly record struct MergeChunks(int Count, int BucketsPerChunk)
    {
        // about a chunk a range, each of at least FewestBucketsPerChunk buckets
        public static MergeChunks For(int buckets, int ranges)
        {
            int count = Math.Clamp(buckets / FewestBucketsPerChunk, 1, ranges);
            int perChunk = (buckets + count - 1) / count;
            return new((buckets + perChunk - 1) / perChunk, perChunk);
        }

        public (int First, int End) Buckets(int chunk, int buckets)
            => (chunk * BucketsPerChunk, Math.Min(buckets, (chunk + 1) * BucketsPerChunk));
    }

    private enum SortPhase { Keying, Merging, Placing }

    /// <summary>One range's non-zeros in memory order, keyed, and its count in each bucket.</summary>
    private sealed class RangeEntries
    {
        private int[] _buckets = [], _payloads = [];
        private float[] _values = [];
        private int _count;

        /// <summary>The range's count in each bucket, then (after the merge) its next slot in each.</summary>
        public int[] Counts = [];

        /// <summary>The range's count in each chunk of buckets of a parallel merge.</summary>
        public int[] ChunkCounts = [];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Key<TKey>(ReadOnlySpan<float> values, int firstIndex, int buckets, TKey key, MergeChunks chunks)
            where TKey : struct, IKey
        {
            _count = (int)NonZeroScan.Count(values);
            if (_buckets.Length < _count)
            {
                // doubled, not grown to the count: a code's range holds a few more non-zeros from step to step, and
                // arrays of the exact size were allocated again whenever one did (a gen-0 collection in some item)
                int length = Math.Min(values.Length, Math.Max(_count, 2 * _buckets.Length));
                (_buckets, _payloads, _values) = (new int[length], new int[length], new float[length]);
            }
            if (Counts.Length < buckets) Counts = new int[buckets];
            Counts.AsSpan(0, buckets).Clear();
            var keyed = new Keyed<TKey>(this, key, firstIndex);
            NonZeroScan.ForEach(values, ref keyed);
            if (chunks.Count == 1) return;
            if (ChunkCounts.Length < chunks.Count) ChunkCounts = new int[chunks.Count];
            for (int chunk = 0; chunk < chunks.Count; chunk++)
            {
                var (first, end) = chunks.Buckets(chunk, buckets);
                int count = 0;
                for (int bucket = first; bucket < end; bucket++) count += Counts[bucket];
                ChunkCounts[chunk] = count;
            }
        }

        public void Place(NonZeroBuckets sorted)
        {
            for (int entry = 0; entry < _count; entry++)
            {
                int at = Counts[_buckets[entry]]++;
                sorted.Payloads[at] = _payloads[entry];
                sorted.Values[at] = _values[entry];
            }
        }

        // keys each non-zero (its index counted from firstIndex) into the next entry and counts it in its bucket
        private struct Keyed<TKey>(RangeEntries range, TKey key, int firstIndex) : NonZeroScan.ITerm
            where TKey : struct, IKey
        {
            private int _next;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public void Add(int index, float value)
            {
                var (bucket, payload) = key.Of(firstIndex + index);
                range.Counts[bucket]++;
                (range._buckets[_next], range._payloads[_next], range._values[_next]) = (bucket, payload, value);
                _next++;
            }
        }
    }

    /// <summary>
    /// SortInParallel's work: item r keys range r; then (merging) item c merges chunk c; then (placing) item r places
    /// range r.
    /// </summary>
    private sealed class RangeJob<TKey> : ParallelJob where TKey : struct, IKey
    {
        private NonZeroBuckets? _sorted;
        private float[] _values = [];
        private int _offset, _length, _ranges, _buckets;
        private TKey _key;
        private MergeChunks _chunks;

        public SortPhase Phase { get; set; }

        public void Set(NonZeroBuckets sorted, float[] values, int offset, int length, int ranges, int buckets,
            TKey key, MergeChunks chunks)
            => (_sorted, _values, _offset, _length, _ranges, _buckets, _key, _chunks, Phase) =
                (sorted, values, offset, length, ranges, buckets, key, chunks, SortPhase.Keying);

        // drops the references to the caller's arrays
        public void Clear() => (_sorted, _values) = (null, []);

        public override void Run(int index, int worker)
        {
            var sorted = _sorted!;
            switch (Phase)
            {
                case SortPhase.Keying:
                    var (first, count) = NonZeroScan.Range(_length, _ranges, index);
                    sorted._ranges[index].Key(_values.AsSpan(_offset + first, count), first, _buckets, _key, _chunks);
                    break;
                case SortPhase.Merging:
                    sorted.MergeChunk(index, _ranges, _buckets, _chunks);
                    break;
                default:
                    sorted._ranges[index].Place(sorted);
                    break;
            }
        }
    }
}
