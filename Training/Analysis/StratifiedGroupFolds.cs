namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Stratified group K-fold assignment, as scikit-learn's StratifiedGroupKFold: every group's pieces go to one fold
/// together, so no group spans two folds, and the labels stay as balanced as the groups allow. Groups, shuffled by a
/// generator seeded with the given seed, are taken largest first (the shuffle orders groups of one size); each goes
/// to the fold where adding it raises least the squared distance of every label's share in every fold from 1/K
/// (ties: the fold with fewer pieces, then the lower fold). A seed gives the same folds on every run.
/// </summary>
public static class StratifiedGroupFolds
{
    /// <summary>
    /// The fold, in [0, <paramref name="folds"/>), of each piece [n] given its label [n] and group [n]. There must be
    /// at least as many groups as folds, and every label must reach two folds, or the fits that hold it out would not
    /// know it.
    /// </summary>
    public static int[] Assign(IReadOnlyList<string> labels, IReadOnlyList<string> groups, int folds,
        int seed = StratifiedFolds.DefaultSeed)
    {
        if (folds < 2) throw new ArgumentException($"cross-validation needs 2 or more folds, got {folds}");
        if (labels.Count != groups.Count)
            throw new ArgumentException($"{labels.Count} labels and {groups.Count} groups differ");
        var names = labels.Distinct().Order(StringComparer.Ordinal).ToList();
        var labelOf = labels.Select(label => names.IndexOf(label)).ToArray();
        var totals = names.Select(name => (double)labels.Count(label => label == name)).ToArray();
        var members = Enumerable.Range(0, labels.Count).GroupBy(i => groups[i])
            .OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => group.ToArray()).ToArray();
        if (members.Length < folds)
            throw new ArgumentException($"{members.Length} groups cannot fill {folds} folds; use fewer folds");
        new Random(seed).Shuffle(members);
        var counts = new double[folds, names.Count];
        var sizes = new int[folds];
        var fold = new int[labels.Count];
        foreach (var group in members.OrderByDescending(group => group.Length))
        {
            var added = new double[names.Count];
            foreach (int piece in group) added[labelOf[piece]]++;
            int best = Enumerable.Range(0, folds)
                .OrderBy(f => Raise(counts, f, added, totals, folds)).ThenBy(f => sizes[f]).First();
            foreach (int piece in group) fold[piece] = best;
            for (int l = 0; l < names.Count; l++) counts[best, l] += added[l];
            sizes[best] += group.Length;
        }
        CheckEachLabelSpansTwoFolds(names, labelOf, groups, fold);
        return fold;
    }

    // how much adding a group's label counts [L] to fold f raises Σ_l (share of label l in fold f − 1/K)²
    private static double Raise(double[,] counts, int f, double[] added, double[] totals, int folds)
    {
        double raise = 0;
        for (int l = 0; l < added.Length; l++)
        {
            if (added[l] == 0) continue;
            double before = counts[f, l] / totals[l] - 1.0 / folds, after = before + added[l] / totals[l];
            raise += after * after - before * before;
        }
        return raise;
    }

    private static void CheckEachLabelSpansTwoFolds(List<string> names, int[] labelOf, IReadOnlyList<string> groups,
        int[] fold)
    {
        for (int l = 0; l < names.Count; l++)
        {
            var pieces = Enumerable.Range(0, fold.Length).Where(i => labelOf[i] == l).ToList();
            if (pieces.Select(i => fold[i]).Distinct().Count() < 2)
                throw new ArgumentException($"label {names[l]}: its {pieces.Count} pooled pieces lie in "
                    + $"{pieces.Select(i => groups[i]).Distinct().Count()} group(s), all in one fold, so no fit that "
                    + "holds them out knows the label; drop it or use another grouping");
        }
    }
}
