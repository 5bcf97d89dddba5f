namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// On a baseline's row: F1 at 0.5 (hit F1 of Groove bars, onset F1 of piano pieces) of the model's best row at the same
/// budget (<see cref="Model"/>) minus the baseline's, with a 95% paired bootstrap interval over the scored split's
/// files (<see cref="PairedF1Bootstrap"/>; a piano piece is one file).
/// </summary>
public sealed record ModelComparison(string Model, double Difference, double Low, double High, int Files, int Resamples)
{
    /// <summary>The model's methods: its own encoder and the coders over its atoms; all others are baselines.</summary>
    public static bool IsModelMethod(string method)
        => method == "model" || method.StartsWith("model+", StringComparison.Ordinal);

    /// <summary>
    /// The rows with a comparison on each baseline row: at each budget, the model row of the highest F1 (the first on
    /// ties) against every baseline row, both scored on the same bars (<paramref name="hits"/>, one tally per row, in
    /// the rows' order), resampled by <paramref name="fileOfBar"/>. Rows without a model row at their budget, and the
    /// model rows, are returned as they are.
    /// </summary>
    public static List<RateDistortionRow> Attach(IReadOnlyList<RateDistortionRow> rows, IReadOnlyList<PooledF1> hits,
        IReadOnlyList<int> fileOfBar, int resamples = PairedF1Bootstrap.DefaultResamples)
    {
        if (hits.Count != rows.Count) throw new ArgumentException($"{rows.Count} rows but {hits.Count} hit tallies");
        var bestModel = BestModelRows(rows, (row, best) => row.HitF1 > best.HitF1);
        return [.. rows.Select((row, i) =>
        {
            if (IsModelMethod(row.Method) || !bestModel.TryGetValue(row.NonzerosPerBar, out int model)) return row;
            return row with { ModelComparison = Of(rows[model].Method, hits[model], hits[i], fileOfBar, resamples) };
        })];
    }

    /// <summary>
    /// The model row <paramref name="model"/>'s F1 minus a baseline's, both tallied on the same items, with the paired
    /// bootstrap over <paramref name="groupOfItem"/> (<see cref="PairedF1Bootstrap.Run"/>).
    /// </summary>
    public static ModelComparison Of(string model, PooledF1 modelTally, PooledF1 baselineTally,
        IReadOnlyList<int> groupOfItem, int resamples)
    {
        var paired = PairedF1Bootstrap.Run(modelTally, baselineTally, groupOfItem, resamples: resamples);
        return new ModelComparison(model, paired.Difference, paired.Low, paired.High, paired.Groups, paired.Resamples);
    }

    /// <summary>
    /// At each budget, the index of the model's row that no later model row there beats by
    /// <paramref name="isBetter"/>(row, best so far): the first of the best on ties.
    /// </summary>
    public static Dictionary<int, int> BestModelRows(IReadOnlyList<RateDistortionRow> rows,
        Func<RateDistortionRow, RateDistortionRow, bool> isBetter)
        => BestModelRows(rows, row => (row.Method, row.NonzerosPerBar), isBetter);

    /// <summary>
    /// <see cref="BestModelRows(IReadOnlyList{RateDistortionRow}, Func{RateDistortionRow, RateDistortionRow, bool})"/>
    /// for rows of any study: <paramref name="methodAndBudget"/> reads a row's method and budget.
    /// </summary>
    public static Dictionary<int, int> BestModelRows<TRow>(IReadOnlyList<TRow> rows,
        Func<TRow, (string Method, int Budget)> methodAndBudget, Func<TRow, TRow, bool> isBetter)
    {
        var bestModel = new Dictionary<int, int>();
        for (int i = 0; i < rows.Count; i++)
        {
            var (method, budget) = methodAndBudget(rows[i]);
            if (!IsModelMethod(method)) continue;
            if (!bestModel.TryGetValue(budget, out int best) || isBetter(rows[i], rows[best])) bestModel[budget] = i;
        }
        return bestModel;
    }
}
