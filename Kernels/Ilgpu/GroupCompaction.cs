using System.Runtime.CompilerServices;
using ILGPU;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Stream compaction inside a group of <see cref="GroupSize"/> threads: each round every thread offers one
/// candidate, and the kept ones are appended to a list in shared memory in thread order. Positions come from an
/// inclusive scan of the keep flags (Hillis-Steele, in shared memory), so the list's order, and every sum taken over
/// it, is the same on every run and every device (no atomics, no warp-size dependence).
/// </summary>
internal static class GroupCompaction
{
    /// <summary>Threads per group of every kernel that compacts.</summary>
    public const int GroupSize = 256;

    /// <summary>Entries a list holds; a group uses what it holds and empties it before a round could overflow it.
    /// </summary>
    public const int Capacity = 1024;

    /// <summary>
    /// Appends (<paramref name="payload"/>, <paramref name="value"/>) to payloads/values [Capacity] at the end of the
    /// <paramref name="count"/> entries they hold, when <paramref name="keep"/>; returns the new count to every
    /// thread. scan [GroupSize] is scratch. All threads must call it, with count at most Capacity - GroupSize.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Append(bool keep, int payload, float value, ArrayView<int> payloads, ArrayView<float> values,
        int count, ArrayView<int> scan)
    {
        int thread = Group.IdxX;
        scan[thread] = keep ? 1 : 0;
        Group.Barrier();
        InclusiveScan(scan);
        if (keep)
        {
            int at = count + scan[thread] - 1;
            payloads[at] = payload;
            values[at] = value;
        }
        int total = scan[GroupSize - 1];
        Group.Barrier(); // the list is complete, and scan is free for the next round
        return count + total;
    }

    /// <summary>
    /// scan [GroupSize] becomes its own inclusive prefix sums (Hillis-Steele: thread i owns entry i). Every entry must
    /// be written, and a barrier passed, before all threads call it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InclusiveScan(ArrayView<int> scan)
    {
        int thread = Group.IdxX;
        for (int distance = 1; distance < GroupSize; distance *= 2)
        {
            int before = thread >= distance ? scan[thread - distance] : 0;
            Group.Barrier();
            scan[thread] += before;
            Group.Barrier();
        }
    }

    /// <summary>True when the next round could overflow a list holding <paramref name="count"/> entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFull(int count) => count > Capacity - GroupSize;
}
