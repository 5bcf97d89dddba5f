namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Atoms split into runs of about equal work, for the jobs whose items each take a run of atoms: a winner-take-all
/// code keeps some atoms far more often than others, so runs of equal atom counts leave one item with much of a job.
/// </summary>
public static class BalancedRanges
{
    /// <summary>
    /// Splits atoms 0 .. weights.Length-1 into <paramref name="ranges"/> runs of about equal weight: range r is atoms
    /// starts[r] .. starts[r+1]-1 (<paramref name="starts"/> holds ranges + 1 entries, the last the atom count). A
    /// range may be empty where one atom outweighs several ranges.
    /// </summary>
    public static void Split(ReadOnlySpan<int> weights, int ranges, Span<int> starts)
    {
        long total = 0;
        foreach (int weight in weights) total += weight;
        int range = 0;
        long sum = 0;
        starts[0] = 0;
        for (int atom = 0; atom < weights.Length && range + 1 < ranges; atom++)
        {
            sum += weights[atom];
            // range r + 1 starts after the atom that brings the sum to r + 1 shares of the total
            while (range + 1 < ranges && sum * ranges >= (range + 1) * total) starts[++range] = atom + 1;
        }
        while (range < ranges) starts[++range] = weights.Length;
    }
}
