namespace TcnWtaNative.Cli;

/// <summary>
/// "did you mean ...?": the candidate nearest a mistyped word, by edit distance with swaps of neighbours.
/// </summary>
public static class Suggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="typed"/> ignoring case and leading dashes, when it is within a third of
    /// the word's length in edits (at least 1, a swap of neighbouring letters counting as one), else null.
    /// </summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        string word = typed.TrimStart('-').ToLowerInvariant();
        int allowed = Math.Max(1, word.Length / 3);
        return candidates
            .Select(
                candidate => (Candidate: candidate,
                Distance: Distance(word, candidate.TrimStart('-').ToLowerInvariant())))
            .Where(pair => pair.Distance <= allowed)
            .OrderBy(pair => pair.Distance)
            .Select(pair => pair.Candidate)
            .FirstOrDefault();
    }

    /// <summary>" did you mean 'X'?" for the closest candidate, or "" when none is close.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates)
        => Closest(typed, candidates) is { } closest ? $"; did you mean '{closest}'?" : "";

    // optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours, one each
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
