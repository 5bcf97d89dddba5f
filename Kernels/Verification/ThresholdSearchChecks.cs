namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// The threshold search over random 0/1 frames and atoms whose scores come from a few levels (many exact ties, negative
/// and zero scores among them): groove-like shapes (one-bar and one-beat cells), a single atom, no cap and a cap that
/// darkens most cuts, more frames than one CPU work item, targets with don't-care (negative) cells, and ties between
/// atoms decided by a preference [F, N] drawn from a few levels (so equal preferences fall back to the lower atom).
/// Every choice is integer counting and comparisons over the same floats, so atoms and cuts must match exactly.
/// </summary>
public static class ThresholdSearchChecks
{
    /// <summary>Every threshold-search case.</summary>
    public static IEnumerable<ParityCheck> All()
    {
        yield return Search(frames: 40, atoms: 30, cells: 144, levels: 9, minimumCut: 0f);
        yield return Search(frames: 70, atoms: 100, cells: 36, levels: 5, minimumCut: 0.25f);
        yield return Search(frames: 5, atoms: 1, cells: 7, levels: 3, minimumCut: 0f);
        yield return Search(frames: 33, atoms: 12, cells: 20, levels: 21, minimumCut: 0.8f);
        yield return Search(frames: 50, atoms: 40, cells: 72, levels: 9, minimumCut: 0.25f, dontCare: 0.3);
        yield return Search(frames: 70, atoms: 100, cells: 36, levels: 3, minimumCut: 0.25f, preferenceLevels: 3);
        yield return Search(frames: 50, atoms: 40, cells: 72, levels: 5, minimumCut: 0f, dontCare: 0.3,
            preferenceLevels: 1000);
    }

    private static ParityCheck Search(int frames, int atoms, int cells, int levels, float minimumCut,
        double dontCare = 0, int preferenceLevels = 0)
        => new("threshold search", $"F={frames} N={atoms} D={cells} levels={levels} minimum cut={minimumCut}"
            + (dontCare > 0 ? $" don't-care={dontCare}" : "")
            + (preferenceLevels > 0 ? $" preference levels={preferenceLevels}" : ""), h =>
        {
            var scores = new float[atoms * cells];
            for (int i = 0; i < scores.Length; i++)
                scores[i] = levels == 1 ? 0f : -1f + 2f * h.Random.Next(levels) / (levels - 1);
            var targets = dontCare > 0 ? h.Values(DontCareTargets(h.Random, frames * cells, dontCare))
                : h.Mask(frames * cells, 0.3);
            var onBoth = h.Values(scores);
            var order = h.Values(ThresholdSearchShapes.DescendingOrder(scores, atoms, cells));
            var preference = preferenceLevels > 0
                ? h.Values([.. Enumerable.Range(0, frames * atoms).Select(_ => (float)h.Random.Next(preferenceLevels))])
                : null;
            var choice = h.Constant(2 * frames, float.NaN);
            h.Run(backend => backend.ThresholdSearch(frames, atoms, cells, minimumCut, targets[backend],
                onBoth[backend], order[backend], preference?[backend], choice[backend]));
            h.Compare("choice", choice, Tolerance.Exact);
        });

    // 0/1 targets (1 with probability 0.3), a share of them replaced by the don't-care value -1
    private static float[] DontCareTargets(Random random, int length, double share)
        => [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() < share ? -1f
            : random.NextDouble() < 0.3 ? 1f : 0f)];
}
