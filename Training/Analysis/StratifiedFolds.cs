namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Stratified K-fold assignment for cross-validation: each label's pieces (labels in ordinal order), shuffled by a
/// generator seeded with the given seed, are dealt round-robin over the K folds, each label starting at the fold after
/// the one where the previous label stopped. So every fold holds each label's share to within one piece, the folds'
/// sizes differ by at most one, and a seed gives the same folds on every run.
/// </summary>
public static class StratifiedFolds
{
    /// <summary>The seed classify uses when none is given.</summary>
    public const int DefaultSeed = 1;

    /// <summary>
    /// The fold, in [0, <paramref name="folds"/>), of each piece [n] given its label [n]. Every label needs at least
    /// one piece per fold, or some fold would lack it.
    /// </summary>
    public static int[] Assign(IReadOnlyList<string> labels, int folds, int seed = DefaultSeed)
    {
        if (folds < 2) throw new ArgumentException($"cross-validation needs 2 or more folds, got {folds}");
        if (folds > labels.Count)
            throw new ArgumentException($"{folds} folds need at least {folds} pieces, got {labels.Count}");
        var random = new Random(seed);
        var fold = new int[labels.Count];
        int next = 0;
        var byLabel = Enumerable.Range(0, labels.Count).GroupBy(i => labels[i])
            .OrderBy(group => group.Key, StringComparer.Ordinal);
        foreach (var label in byLabel)
        {
            var pieces = label.ToArray();
            if (pieces.Length < folds)
                throw new ArgumentException($"label {label.Key} has {pieces.Length} pieces to pool, fewer than the "
                    + $"{folds} folds; use fewer folds or drop the label (classify: a larger --min-train)");
            random.Shuffle(pieces);
            foreach (int piece in pieces)
            {
                fold[piece] = next;
                next = (next + 1) % folds;
            }
        }
        return fold;
    }
}
