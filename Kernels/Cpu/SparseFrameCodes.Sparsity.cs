namespace TcnWtaNative.Kernels.Cpu;

public sealed partial class SparseFrameCodes
{
    /// <summary>The values the caller's thread counts alone before a scan of a signal wakes the workers, and the
    /// fewest in each range of that scan (<see cref="SparseSignalScan"/>): below it, waking the workers costs more
    /// than the count.</summary>
    public const int FewestValuesPerCount = 1 << 16;

    /// <summary>The fewest values in a range of <see cref="IsSparse(float[], int, int, double)"/> and of the masked
    /// correlation's count: fewer than a scan's, so that a code of a MAESTRO piece (128,000 values) is counted by
    /// several workers, not by the caller alone while 15 cores of a 16-core host wait.</summary>
    public const int FewestValuesPerCountRange = 1 << 14;

    /// <summary>
    /// Whether <paramref name="code"/> has at most <see cref="MostNonZeros"/> of its values non-zero (NaN counts as
    /// non-zero); stops reading once it has seen more.
    /// </summary>
    public static bool IsSparse(ReadOnlySpan<float> code) => IsSparse(code, MostNonZeros);

    /// <summary>
    /// Whether <paramref name="code"/> has at most <paramref name="mostNonZeros"/> of its values non-zero (NaN counts
    /// as non-zero); stops reading once it has seen more.
    /// </summary>
    public static bool IsSparse(ReadOnlySpan<float> code, double mostNonZeros)
        => NonZeroShare.AtMost(code, mostNonZeros);

    /// <summary>
    /// <see cref="IsSparse(ReadOnlySpan{float}, double)"/> of values[offset .. offset + length), counted by the workers
    /// in ranges, each stopping once all together have seen more non-zeros than the limit: the same answer.
    /// </summary>
    public static bool IsSparse(float[] values, int offset, int length, double mostNonZeros = MostNonZeros)
    {
        int ranges = NonZeroScan.Ranges(length, FewestValuesPerCountRange);
        if (ranges == 1) return IsSparse(values.AsSpan(offset, length), mostNonZeros);
        var job = CountJob.ForThisThread;
        long limit = NonZeroShare.Limit(length, mostNonZeros);
        job.Set(values, offset, length, ranges, limit);
        CoreWorkers.Run(job, ranges);
        bool sparse = job.Count <= limit;
        job.Clear();
        return sparse;
    }

    /// <summary>
    /// The parallel count: item r counts range r (<see cref="NonZeroScan.Range"/>) a block at a time into one shared
    /// total, and stops once the total is past the limit. One per calling thread.
    /// </summary>
    private sealed class CountJob : ParallelJob
    {
        [ThreadStatic] private static CountJob? _forThisThread;
        public static CountJob ForThisThread => _forThisThread ??= new();

        private float[] _values = [];
        private int _offset, _length, _ranges;
        private long _limit, _count;

        public long Count => Interlocked.Read(ref _count);

        public void Set(float[] values, int offset, int length, int ranges, long limit)
            => (_values, _offset, _length, _ranges, _limit, _count) = (values, offset, length, ranges, limit, 0);

        // drops the reference to the caller's array
        public void Clear() => _values = [];

        public override void Run(int index, int worker)
        {
            var (first, count) = NonZeroScan.Range(_length, _ranges, index);
            var range = _values.AsSpan(_offset + first, count);
            const int block = NonZeroShare.CountBlock;
            for (int i = 0; i < range.Length && Interlocked.Read(ref _count) <= _limit; i += block)
                Interlocked.Add(ref _count, NonZeroScan.Count(range.Slice(i, Math.Min(block, range.Length - i))));
        }
    }
}
