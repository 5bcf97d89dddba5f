using System.Numerics;

/// <summary>
/// 1000 training beat patterns chosen greedily (lazy greedy facility location) to minimize the wrong hit cells of the
/// training beats under the gain search over binary exemplars: a beat costs min(its hit count, Hamming distance to the
/// nearest chosen pattern) (lighting nothing is always a choice). Chosen on train only.
/// </summary>
static class GreedyExemplars
{
    /// <summary>Indices into <paramref name="keys"/> (weights = beat counts), in the order chosen.</summary>
    public static List<int> Choose(ulong[] keys, int[] weights, int count)
    {
        int n = keys.Length;
        var cost = keys.Select(k => BitOperations.PopCount(k)).ToArray();
        long Gain(int s)
        {
            long gain = 0;
            for (int p = 0; p < n; p++)
            {
                int distance = BitOperations.PopCount(keys[p] ^ keys[s]);
                if (distance < cost[p]) gain += (long)weights[p] * (cost[p] - distance);
            }
            return gain;
        }
        var queue = new PriorityQueue<int, long>();
        for (int s = 0; s < n; s++) queue.Enqueue(s, -Gain(s));
        var chosen = new List<int>();
        var taken = new bool[n];
        long total = keys.Select((k, p) => (long)weights[p] * BitOperations.PopCount(k)).Sum();
        while (chosen.Count < count && queue.TryDequeue(out int candidate, out long stale))
        {
            if (taken[candidate]) continue;
            long fresh = Gain(candidate);
            if (queue.TryPeek(out _, out long next) && -fresh > next)
            {
                queue.Enqueue(candidate, -fresh);
                continue;
            }
            taken[candidate] = true;
            chosen.Add(candidate);
            total -= fresh;
            for (int p = 0; p < n; p++)
                cost[p] = Math.Min(cost[p], BitOperations.PopCount(keys[p] ^ keys[candidate]));
        }
        Common.Log($"greedy exemplars: {chosen.Count} chosen, train wrong cells left {total}");
        return chosen;
    }
}
