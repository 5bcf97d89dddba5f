namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// A piece's prediction from its rows' class probabilities (segments of the piece, each probed alone): the label with
/// the largest sum over the rows of log p(label | row), the piece's log-likelihood were its segments independent, so a
/// confident segment outweighs several hesitant ones where a majority vote would count them alike. A piece of one row
/// keeps that row's probabilities, so its prediction is the row's own.
/// </summary>
public static class PieceVote
{
    /// <summary>
    /// The index of the winning class given each row's probabilities [S][K], S ≥ 1 (the lower index on a tie).
    /// </summary>
    public static int Winner(IReadOnlyList<double[]> probabilities)
    {
        var scores = Scores(probabilities);
        int best = 0;
        for (int k = 1; k < scores.Length; k++) if (scores[k] > scores[best]) best = k;
        return best;
    }

    /// <summary>
    /// The piece's class probabilities [K]: the one row's, or the normalized exponent of the summed log-probabilities.
    /// </summary>
    public static double[] Posterior(IReadOnlyList<double[]> probabilities)
    {
        if (probabilities.Count == 1) return probabilities[0];
        var scores = Scores(probabilities);
        double max = scores.Max();
        var posterior = scores.Select(s => Math.Exp(s - max)).ToArray();
        double sum = posterior.Sum();
        return [.. posterior.Select(p => p / sum)];
    }

    // one row: its probabilities; more: Σ_s log p(k | s) [K], a zero probability counted as the smallest double
    private static double[] Scores(IReadOnlyList<double[]> probabilities)
    {
        if (probabilities.Count == 0) throw new ArgumentException("a piece needs at least one row to be predicted");
        if (probabilities.Count == 1) return probabilities[0];
        var scores = new double[probabilities[0].Length];
        foreach (var row in probabilities)
        {
            if (row.Length != scores.Length)
                throw new ArgumentException($"rows of {row.Length} and {scores.Length} classes in one piece");
            for (int k = 0; k < scores.Length; k++) scores[k] += Math.Log(Math.Max(row[k], double.Epsilon));
        }
        return scores;
    }
}
