namespace TcnWtaNative.Midi;

/// <summary>
/// What became of a reference's notes in an estimate, matched as <see cref="NoteMatching.Match"/> matches them (same
/// pitch, onsets within the tolerance): <see cref="Kept"/> (as in the reference) and <see cref="KeptAsPlayed"/> (the
/// same notes as the estimate plays them), <see cref="Missed"/> (reference only) and <see cref="Added"/> (estimate
/// only).
/// </summary>
public sealed record NoteComparison(IReadOnlyList<TimedNote> Kept, IReadOnlyList<TimedNote> KeptAsPlayed,
    IReadOnlyList<TimedNote> Missed, IReadOnlyList<TimedNote> Added)
{
    /// <summary>
    /// Sorts the notes of <paramref name="reference"/> and <paramref name="estimate"/> by their fate.
    /// </summary>
    public static NoteComparison Of(IReadOnlyList<TimedNote> reference, IReadOnlyList<TimedNote> estimate,
        double onsetTolerance = NoteMatching.DefaultOnsetTolerance)
    {
        var pairs = NoteMatching.MatchedPairs(reference, estimate, onsetTolerance);
        var keptReference = pairs.Select(p => p.Reference).ToHashSet();
        var keptEstimate = pairs.Select(p => p.Estimate).ToHashSet();
        return new NoteComparison(
            [.. keptReference.Order().Select(i => reference[i])],
            [.. keptEstimate.Order().Select(i => estimate[i])],
            [.. Enumerable.Range(0, reference.Count).Where(i => !keptReference.Contains(i)).Select(i => reference[i])],
            [.. Enumerable.Range(0, estimate.Count).Where(i => !keptEstimate.Contains(i)).Select(i => estimate[i])]);
    }
}
