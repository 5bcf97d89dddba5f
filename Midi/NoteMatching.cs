namespace TcnWtaNative.Midi;

/// <summary>How well estimated notes match reference notes.</summary>
public readonly record struct NoteMatchResult(int Matched, int ReferenceCount, int EstimateCount)
{
    /// <summary>Matched / estimated (1 when nothing was estimated).</summary>
    public double Precision => EstimateCount == 0 ? 1 : (double)Matched / EstimateCount;

    /// <summary>Matched / reference (1 when there was nothing to find).</summary>
    public double Recall => ReferenceCount == 0 ? 1 : (double)Matched / ReferenceCount;

    /// <summary>Harmonic mean of precision and recall (0 when both are 0).</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>
/// Note-level precision, recall and F1 as in transcription (mir_eval's onset-only score): a reference note and an
/// estimated note match when they have the same pitch and their onsets differ by at most the tolerance; each note
/// matches at most once. Per pitch the notes are points on a line, so matching in onset order greedily is a
/// maximum matching.
/// </summary>
public static class NoteMatching
{
    /// <summary>The usual onset tolerance, 50 ms.</summary>
    public const double DefaultOnsetTolerance = 0.05;

    /// <summary>Matches <paramref name="estimate"/> against <paramref name="reference"/>.</summary>
    public static NoteMatchResult Match(IReadOnlyList<TimedNote> reference, IReadOnlyList<TimedNote> estimate, double onsetTolerance = DefaultOnsetTolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onsetTolerance);
        var refByPitch = OnsetsByPitch(reference);
        var estByPitch = OnsetsByPitch(estimate);
        int matched = 0;
        foreach (var (pitch, refs) in refByPitch)
        {
            if (!estByPitch.TryGetValue(pitch, out var ests)) continue;
            int i = 0, j = 0;
            while (i < refs.Count && j < ests.Count)
            {
                double d = ests[j] - refs[i];
                if (Math.Abs(d) <= onsetTolerance) { matched++; i++; j++; }
                else if (d > 0) i++;
                else j++;
            }
        }
        return new NoteMatchResult(matched, reference.Count, estimate.Count);
    }

    private static Dictionary<int, List<double>> OnsetsByPitch(IReadOnlyList<TimedNote> notes)
    {
        var byPitch = new Dictionary<int, List<double>>();
        foreach (var note in notes)
        {
            if (!byPitch.TryGetValue(note.Pitch, out var onsets)) byPitch[note.Pitch] = onsets = [];
            onsets.Add(note.Start);
        }
        foreach (var onsets in byPitch.Values) onsets.Sort();
        return byPitch;
    }
}
