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
/// Note-level precision, recall and F1 as in transcription (mir_eval.transcription): a reference note and an estimated
/// note match when they have the same pitch and their onsets differ by at most the tolerance (and, for the score with
/// offsets, their offsets differ by at most the larger of a minimum tolerance and a fraction of the reference note's
/// length); each note matches at most once, and the count is a maximum matching. Time differences are rounded to 7
/// decimals before the comparison, as mir_eval does, so a difference of exactly one 50 ms frame counts as within 50 ms.
/// </summary>
public static class NoteMatching
{
    /// <summary>The usual onset tolerance, 50 ms.</summary>
    public const double DefaultOnsetTolerance = 0.05;

    /// <summary>mir_eval's offset tolerance as a fraction of the reference note's length, 20%.</summary>
    public const double DefaultOffsetRatio = 0.2;

    /// <summary>mir_eval's least offset tolerance, 50 ms.</summary>
    public const double DefaultOffsetMinTolerance = 0.05;

    private const int ComparedDecimals = 7;

    /// <summary>
    /// The onset-only score: matches <paramref name="estimate"/> against <paramref name="reference"/> on pitch and
    /// onset. Per pitch the onsets are points on a line, so matching in onset order greedily is a maximum matching.
    /// </summary>
    public static NoteMatchResult Match(IReadOnlyList<TimedNote> reference, IReadOnlyList<TimedNote> estimate,
        double onsetTolerance = DefaultOnsetTolerance)
        => new(MatchedPairs(reference, estimate, onsetTolerance).Count, reference.Count, estimate.Count);

    /// <summary>
    /// The pairs (index in <paramref name="reference"/>, index in <paramref name="estimate"/>) that
    /// <see cref="Match"/> counts.
    /// </summary>
    public static IReadOnlyList<(int Reference, int Estimate)> MatchedPairs(IReadOnlyList<TimedNote> reference,
        IReadOnlyList<TimedNote> estimate, double onsetTolerance = DefaultOnsetTolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onsetTolerance);
        var estByPitch = IndicesByPitch(estimate);
        var pairs = new List<(int, int)>();
        foreach (var (pitch, refs) in IndicesByPitch(reference))
        {
            if (!estByPitch.TryGetValue(pitch, out var ests)) continue;
            int i = 0, j = 0;
            while (i < refs.Count && j < ests.Count)
            {
                double d = estimate[ests[j]].Start - reference[refs[i]].Start;
                if (Within(d, onsetTolerance)) pairs.Add((refs[i++], ests[j++]));
                else if (d > 0) i++;
                else j++;
            }
        }
        return pairs;
    }

    /// <summary>
    /// The summed |velocity difference| / 127 (MIDI velocity over its range) of <paramref name="pairs"/>, indices into
    /// <paramref name="reference"/> and <paramref name="estimate"/> as <see cref="MatchedPairs"/> gives them.
    /// </summary>
    public static double VelocityErrorSum(IReadOnlyList<TimedNote> reference, IReadOnlyList<TimedNote> estimate,
        IReadOnlyList<(int Reference, int Estimate)> pairs)
        => pairs.Sum(pair => Math.Abs(reference[pair.Reference].Velocity - estimate[pair.Estimate].Velocity)) / 127.0;

    /// <summary>
    /// The mean |velocity difference| / 127 of <paramref name="estimate"/>'s notes onset-matched to
    /// <paramref name="reference"/>'s (<see cref="MatchedPairs"/>): how far the notes found are from being played as
    /// the reference plays them; null when none match (no velocity was played to be right or wrong).
    /// </summary>
    public static double? VelocityMae(IReadOnlyList<TimedNote> reference, IReadOnlyList<TimedNote> estimate)
    {
        var pairs = MatchedPairs(reference, estimate);
        return pairs.Count == 0 ? null : VelocityErrorSum(reference, estimate, pairs) / pairs.Count;
    }

    /// <summary>
    /// The score with offsets (mir_eval's default note F1): same pitch, onsets within
    /// <paramref name="onsetTolerance"/>, and offsets within max(<paramref name="offsetMinTolerance"/>,
    /// <paramref name="offsetRatio"/> × the reference note's length). The offset test breaks the onset order, so each
    /// pitch is matched by augmenting paths.
    /// </summary>
    public static NoteMatchResult MatchWithOffsets(IReadOnlyList<TimedNote> reference,
        IReadOnlyList<TimedNote> estimate,
        double onsetTolerance = DefaultOnsetTolerance, double offsetRatio = DefaultOffsetRatio,
        double offsetMinTolerance = DefaultOffsetMinTolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onsetTolerance);
        ArgumentOutOfRangeException.ThrowIfNegative(offsetRatio);
        ArgumentOutOfRangeException.ThrowIfNegative(offsetMinTolerance);
        var estByPitch = ByPitch(estimate);
        int matched = 0;
        foreach (var (pitch, refs) in ByPitch(reference))
        {
            if (!estByPitch.TryGetValue(pitch, out var ests)) continue;
            var candidates = refs.Select(r => ests.Select((e, j) => (e, j))
                .Where(p => Within(p.e.Start - r.Start, onsetTolerance)
                    && Within(p.e.End - r.End, Math.Max(offsetMinTolerance, offsetRatio * (r.End - r.Start))))
                .Select(p => p.j).ToArray()).ToArray();
            matched += MaximumMatching(candidates, ests.Count);
        }
        return new NoteMatchResult(matched, reference.Count, estimate.Count);
    }

    private static bool Within(double difference, double tolerance)
        => Math.Round(Math.Abs(difference), ComparedDecimals) <= tolerance;

    // the size of a maximum matching of left to right nodes; candidates[i]: the right nodes left node i may take (Kuhn)
    private static int MaximumMatching(int[][] candidates, int rightCount)
    {
        var owner = new int[rightCount];
        Array.Fill(owner, -1);
        int matched = 0;
        for (int left = 0; left < candidates.Length; left++)
            if (candidates[left].Length > 0 && Augment(left, candidates, owner, new bool[rightCount])) matched++;
        return matched;
    }

    // finds an augmenting path from left, re-seating earlier owners; iterative so long pieces cannot overflow the stack
    private static bool Augment(int start, int[][] candidates, int[] owner, bool[] visited)
    {
        var path = new Stack<(int Left, int Next)>();
        var cameFrom = new Dictionary<int, int>(); // left node -> the right node it is to take
        path.Push((start, 0));
        while (path.Count > 0)
        {
            var (left, next) = path.Pop();
            if (next >= candidates[left].Length) continue;
            path.Push((left, next + 1));
            int right = candidates[left][next];
            if (visited[right]) continue;
            visited[right] = true;
            cameFrom[left] = right;
            if (owner[right] >= 0)
            {
                path.Push((owner[right], 0));
                continue;
            }
            // a free right node: every left node on the path takes the right node it went on through
            foreach (var (onPath, _) in path) owner[cameFrom[onPath]] = onPath;
            return true;
        }
        return false;
    }

    private static Dictionary<int, List<TimedNote>> ByPitch(IReadOnlyList<TimedNote> notes)
        => IndicesByPitch(notes).ToDictionary(p => p.Key, p => p.Value.Select(i => notes[i]).ToList());

    // each pitch's note indices in onset order
    private static Dictionary<int, List<int>> IndicesByPitch(IReadOnlyList<TimedNote> notes)
    {
        var byPitch = new Dictionary<int, List<int>>();
        for (int i = 0; i < notes.Count; i++)
        {
            if (!byPitch.TryGetValue(notes[i].Pitch, out var list)) byPitch[notes[i].Pitch] = list = [];
            list.Add(i);
        }
        foreach (var list in byPitch.Values) list.Sort((a, b) => notes[a].Start.CompareTo(notes[b].Start));
        return byPitch;
    }
}
