namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// A study's held-out pieces in two parts by their group (<see cref="LabeledPiece.Group"/>: Groove's recording
/// session, MAESTRO's composition): <see cref="Seen"/>, the pieces whose group occurs among the pieces the probes
/// learned from, and <see cref="New"/>, those whose group does not (a piece without a group counts as new: nothing
/// says a probe met it). A probe can score on seen groups by recognising the session or the score rather than the
/// label; only the new part asks it to carry the label to pieces it has not heard the like of. Each part is a list of
/// positions in the held-out order, ascending.
/// </summary>
public sealed record HeldOutParts(IReadOnlyList<int> Seen, IReadOnlyList<int> New)
{
    /// <summary>
    /// The parts of the held-out pieces whose groups are <paramref name="heldOutGroups"/>, given the groups of the
    /// pieces the probes learned from.
    /// </summary>
    public static HeldOutParts Of(IEnumerable<string> learnedGroups, IReadOnlyList<string> heldOutGroups)
    {
        var learned = learnedGroups.Where(g => g.Length > 0).ToHashSet(StringComparer.Ordinal);
        var seen = Enumerable.Range(0, heldOutGroups.Count).Where(i => learned.Contains(heldOutGroups[i])).ToList();
        return new HeldOutParts(seen, [.. Enumerable.Range(0, heldOutGroups.Count).Except(seen)]);
    }

    /// <summary>The values at a part's positions, in order: <paramref name="values"/> [held-out] -> [part].</summary>
    public static IReadOnlyList<T> Pick<T>(IReadOnlyList<T> values, IReadOnlyList<int> part)
        => [.. part.Select(i => values[i])];

    /// <summary>
    /// The accuracy on a part of a classifier that labelled each held-out piece right or wrong
    /// (<paramref name="correctByPiece"/>, in the held-out order); null for an empty part.
    /// </summary>
    public static AccuracyInterval? Score(IReadOnlyList<bool> correctByPiece, IReadOnlyList<int> part)
        => part.Count == 0 ? null : AccuracyInterval.Wilson(part.Count(i => correctByPiece[i]), part.Count);
}
