namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// The training, tuning and held-out pieces of a study. A label is kept only when it has at least a minimum number
/// of training pieces and of held-out pieces; the others are dropped, each with a message saying why. Tuning pieces
/// (for choosing a probe's λ) are the kept labels' pieces of the validation split when the held-out split is another
/// one, and none when the validation split is the one scored. An optional per-label limit takes that many pieces of
/// each label from each split, drawn by a seeded shuffle so the sample is the same on every run. For cross-validation
/// by group (<see cref="PieceGrouping"/>), a label whose pooled pieces (training and tuning) all lie in one group is
/// dropped too: no fold could hold it out while another fold teaches it. That is checked on all the pooled pieces
/// before the sample is drawn, which leaves such labels out of the draw, and again on the sampled ones, which may lie
/// in one group where the whole pool did not.
/// </summary>
public sealed record PieceSelection(IReadOnlyList<LabeledPiece> Train, IReadOnlyList<LabeledPiece> Tuning,
    IReadOnlyList<LabeledPiece> HeldOut, IReadOnlyList<string> Dropped)
{
    /// <summary>The split training pieces come from, and the one tuning pieces come from.</summary>
    public const string TrainSplit = "train", TuningSplit = "validation";

    /// <summary>The kept labels, sorted ordinally.</summary>
    public IReadOnlyList<string> Labels => [.. Train.Select(p => p.Label).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// Splits <paramref name="pieces"/> into train and <paramref name="heldOutSplit"/>, dropping labels too rare to
    /// study, and with a <paramref name="grouping"/> other than none, labels whose pooled pieces, or their sample under
    /// <paramref name="perLabel"/>, share one group.
    /// </summary>
    public static PieceSelection Choose(IReadOnlyList<LabeledPiece> pieces, string heldOutSplit,
        int minTrainPerLabel = 3, int perLabel = 0, int seed = 1, int minHeldOutPerLabel = 1,
        string grouping = PieceGrouping.None)
    {
        if (heldOutSplit == TrainSplit)
            throw new ArgumentException("the held-out split must not be the training split");
        if (minTrainPerLabel < 1)
            throw new ArgumentException(
                $"the minimum of training pieces per label must be at least 1, got {minTrainPerLabel}");
        if (minHeldOutPerLabel < 1)
            throw new ArgumentException(
                $"the minimum of held-out pieces per label must be at least 1, got {minHeldOutPerLabel}");
        if (perLabel < 0)
            throw new ArgumentException($"the per-label limit must be 0 (none) or positive, got {perLabel}");
        var train = pieces.Where(p => p.Split == TrainSplit).ToList();
        var heldOut = pieces.Where(p => p.Split == heldOutSplit).ToList();
        var pooled = heldOutSplit == TuningSplit ? train : pieces.Where(p => p.Split is TrainSplit or TuningSplit);
        var dropped = new List<string>();
        var kept = new HashSet<string>();
        foreach (var label in pieces.Select(p => p.Label).Distinct().Order(StringComparer.Ordinal))
        {
            int trainCount = train.Count(p => p.Label == label), heldOutCount = heldOut.Count(p => p.Label == label);
            if (trainCount < minTrainPerLabel)
                dropped.Add($"{label}: dropped, {trainCount} training pieces (fewer than {minTrainPerLabel})");
            else if (heldOutCount == 0) dropped.Add($"{label}: dropped, no {heldOutSplit} pieces");
            else if (heldOutCount < minHeldOutPerLabel)
                dropped.Add(
                    $"{label}: dropped, {heldOutCount} {heldOutSplit} pieces (fewer than {minHeldOutPerLabel})");
            else if (grouping != PieceGrouping.None && OneGroup(pooled.Where(p => p.Label == label)) is { } group)
                dropped.Add(OneGroupDrop(label, grouping, group, ""));
            else kept.Add(label);
        }
        var tuning = heldOutSplit == TuningSplit ? [] : pieces.Where(p => p.Split == TuningSplit).ToList();
        var (trainSample, tuningSample, heldOutSample) = (Limit(train, kept, perLabel, seed),
            Limit(tuning, kept, perLabel, seed), Limit(heldOut, kept, perLabel, seed));
        if (grouping != PieceGrouping.None)
            foreach (var label in kept.Order(StringComparer.Ordinal).ToList())
                if (OneGroup(trainSample.Concat(tuningSample).Where(p => p.Label == label)) is { } group)
                {
                    dropped.Add(OneGroupDrop(label, grouping, group, " once sampled per label"));
                    kept.Remove(label);
                }
        if (kept.Count < 2)
            throw new ArgumentException($"fewer than two labels have at least {minTrainPerLabel} training and "
                + $"{minHeldOutPerLabel} {heldOutSplit} pieces ({string.Join("; ", dropped)}); try another "
                + (grouping == PieceGrouping.None ? "--split, --min-train or --min-held-out"
                    : "--split, --min-train, --min-held-out, --per-label or --group"));
        List<LabeledPiece> Kept(List<LabeledPiece> sample) => [.. sample.Where(p => kept.Contains(p.Label))];
        return new PieceSelection(Kept(trainSample), Kept(tuningSample), Kept(heldOutSample), dropped);
    }

    // the message for a label dropped because its pooled pieces (or their sample: when) all lie in one group
    private static string OneGroupDrop(string label, string grouping, string group, string when)
        => $"{label}: dropped, its pooled pieces all lie in one {grouping} ({group}){when}, which no fold can hold "
            + "out while another fold teaches the label";

    // the group every piece lies in, or null when they lie in two or more
    private static string? OneGroup(IEnumerable<LabeledPiece> pieces)
    {
        var groups = pieces.Select(p => p.Group).Distinct().Take(2).ToList();
        return groups.Count == 1 ? groups[0] : null;
    }

    private static List<LabeledPiece> Limit(List<LabeledPiece> pieces, HashSet<string> labels, int perLabel, int seed)
    {
        var chosen = pieces.Where(p => labels.Contains(p.Label)).ToList();
        if (perLabel == 0) return chosen;
        var random = new Random(seed);
        var order = chosen.Select(_ => random.Next()).ToArray();
        var keep = chosen.Select((p, i) => (p, i)).GroupBy(x => x.p.Label)
            .SelectMany(g => g.OrderBy(x => order[x.i]).Take(perLabel)).Select(x => x.i).ToHashSet();
        return [.. chosen.Where((_, i) => keep.Contains(i))];
    }
}
