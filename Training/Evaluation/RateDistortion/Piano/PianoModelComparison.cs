namespace TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// Puts the model's lead on each piano baseline row: at each budget, the model row of the highest onset F1 at 0.5 (the
/// first on ties) minus the baseline's, paired over the scored pieces (each piece one group of
/// <see cref="PairedF1Bootstrap"/>), since every method coded the same pieces.
/// </summary>
public static class PianoModelComparison
{
    /// <summary>
    /// The rows with a comparison on each baseline row; <paramref name="onsets"/> holds each row's onset tally (one
    /// item per piece, in the same order for every row). Rows without a model row at their budget, and the model's
    /// rows, are returned as they are.
    /// </summary>
    public static List<PianoRateDistortionRow> Attach(IReadOnlyList<PianoRateDistortionRow> rows,
        IReadOnlyList<PooledF1> onsets, int resamples = PairedF1Bootstrap.DefaultResamples)
    {
        if (onsets.Count != rows.Count) throw new ArgumentException($"{rows.Count} rows but {onsets.Count} tallies");
        var bestModel = ModelComparison.BestModelRows(rows, row => (row.Method, row.NonzerosPerSecond),
            (row, best) => row.OnsetF1 > best.OnsetF1);
        // every row scored the same pieces, each its own group
        var pieces = onsets.Count == 0 ? [] : Enumerable.Range(0, onsets[0].Items).ToArray();
        return [.. rows.Select((row, i) =>
        {
            if (ModelComparison.IsModelMethod(row.Method)
                || !bestModel.TryGetValue(row.NonzerosPerSecond, out int model)) return row;
            return row with
            {
                ModelComparison = ModelComparison.Of(rows[model].Method, onsets[model], onsets[i], pieces, resamples),
            };
        })];
    }
}
