using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Group-wide sums for the reduction kernels: 256 threads per group, a pairwise tree in shared memory. The tree
/// has a fixed shape, so a sum is reproducible run to run and device to device (no atomics, no warp-size dependence).
/// </summary>
internal static class GroupReduce
{
    /// <summary>Threads per group of every reduction kernel.</summary>
    public const int GroupSize = 256;

    /// <summary>
    /// Most groups a grid-stride reduction launches; each leaves one partial sum for the host to add.
    /// </summary>
    public const int MaxGroups = 256;

    /// <summary>
    /// A one-dimensional launch of <paramref name="groups"/> groups of <see cref="GroupSize"/> threads.
    /// </summary>
    public static KernelConfig Config(int groups) => new(new Index1D(groups), new Index1D(GroupSize));

    /// <summary>
    /// Groups for a grid-stride pass over <paramref name="length"/> elements: one per 256, at most
    /// <see cref="MaxGroups"/>.
    /// </summary>
    public static int GroupsFor(int length) => Math.Clamp((length + GroupSize - 1) / GroupSize, 1, MaxGroups);

    /// <summary>
    /// The sum of <paramref name="value"/> over the group, returned to every thread. All threads must call it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(float value)
    {
        var partial = SharedMemory.Allocate<float>(GroupSize);
        int thread = Group.IdxX;
        partial[thread] = value;
        Group.Barrier();
        for (int half = GroupSize / 2; half > 0; half /= 2)
        {
            if (thread < half) partial[thread] += partial[thread + half];
            Group.Barrier();
        }
        return partial[0];
    }

    /// <summary>Adds the partial sums the host downloaded, in double.</summary>
    public static double SumOnHost(ReadOnlySpan<float> partials)
    {
        double sum = 0;
        foreach (float value in partials) sum += value;
        return sum;
    }
}
