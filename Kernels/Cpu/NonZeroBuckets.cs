using System.Runtime.CompilerServices;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The non-zeros of a mostly zero array grouped into buckets by a key: bucket i's are entries Starts[i] ..
/// Starts[i+1]-1 of Payloads (an int the key gives with the bucket) and Values, in memory order. Built by a counting
/// sort over two reads of the array (<see cref="NonZeroScan"/>); its arrays grow and are reused. Not thread-safe.
/// </summary>
internal sealed class NonZeroBuckets
{
    /// <summary>Where a non-zero at a flat index goes: its bucket and the payload stored with it.</summary>
    public interface IKey
    {
        (int Bucket, int Payload) Of(int index);
    }

    public int[] Starts = [], Payloads = [];
    public float[] Values = [];

    /// <summary>Groups the non-zeros of values into <paramref name="buckets"/> buckets by key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Sort<TKey>(ReadOnlySpan<float> values, int buckets, TKey key) where TKey : struct, IKey
    {
        if (Starts.Length < buckets + 1) Starts = new int[buckets + 1];
        var starts = Starts.AsSpan(0, buckets + 1);
        starts.Clear();
        var counter = new Counter<TKey>(Starts, key);
        NonZeroScan.ForEach(values, ref counter);
        int total = 0;
        for (int i = 0; i < buckets; i++) (starts[i], total) = (total, total + starts[i + 1]);
        starts[buckets] = total;
        if (Payloads.Length < total) (Payloads, Values) = (new int[total], new float[total]);
        var placer = new Placer<TKey>(this, key);
        NonZeroScan.ForEach(values, ref placer);
        for (int i = buckets; i > 0; i--) starts[i] = starts[i - 1];   // each start was advanced to its end
        starts[0] = 0;
    }

    // counts bucket i's non-zeros in counts[i + 1]
    private readonly struct Counter<TKey>(int[] counts, TKey key) : NonZeroScan.ITerm where TKey : struct, IKey
    {
        public void Add(int index, float value) => counts[key.Of(index).Bucket + 1]++;
    }

    // appends (payload, value) to the bucket's entries, advancing its start
    private readonly struct Placer<TKey>(NonZeroBuckets buckets, TKey key) : NonZeroScan.ITerm
        where TKey : struct, IKey
    {
        public void Add(int index, float value)
        {
            var (bucket, payload) = key.Of(index);
            int at = buckets.Starts[bucket]++;
            buckets.Payloads[at] = payload;
            buckets.Values[at] = value;
        }
    }
}
