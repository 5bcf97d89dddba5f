namespace TcnWtaNative.Training.Evaluation.RateDistortion.Humanizing;

/// <summary>
/// On a baseline's row of the humanizing study: the velocity MAE (MIDI velocity / 127) and offset MAE (16th steps) of
/// the model's row of least velocity error at the same budget (<see cref="Model"/>) minus the baseline's, each with a
/// 95% paired bootstrap interval over the scored split's files (<see cref="PooledMean.PairedDifference"/>); negative is
/// the model closer to the played bars.
/// </summary>
public sealed record PlayedComparison(string Model, double VelocityDifference, double VelocityLow,
    double VelocityHigh, double OffsetDifference, double OffsetLow, double OffsetHigh, int Files)
{
    /// <summary>
    /// The rows with a comparison on each baseline row, the model's row of least velocity MAE at each budget against
    /// every other row there; <paramref name="velocity"/> and <paramref name="offset"/> are the rows' errors on the
    /// same bars, in the rows' order, resampled by <paramref name="fileOfBar"/>.
    /// </summary>
    public static List<RateDistortionRow> Attach(IReadOnlyList<RateDistortionRow> rows,
        IReadOnlyList<PooledMean> velocity, IReadOnlyList<PooledMean> offset, IReadOnlyList<int> fileOfBar)
    {
        if (velocity.Count != rows.Count || offset.Count != rows.Count)
            throw new ArgumentException($"{rows.Count} rows but {velocity.Count} and {offset.Count} error tallies");
        var bestModel = ModelComparison.BestModelRows(rows, (row, best) => row.VelocityMae < best.VelocityMae);
        int files = fileOfBar.Count == 0 ? 0 : GroupBootstrap.CountGroups(fileOfBar);
        return [.. rows.Select((row, i) =>
        {
            if (ModelComparison.IsModelMethod(row.Method) || !bestModel.TryGetValue(row.NonzerosPerBar, out int model))
                return row;
            var v = PooledMean.PairedDifference(velocity[model], velocity[i], fileOfBar);
            var o = PooledMean.PairedDifference(offset[model], offset[i], fileOfBar);
            return row with
            {
                PlayedComparison = new PlayedComparison(rows[model].Method, v.Difference, v.Low, v.High,
                    o.Difference, o.Low, o.High, files),
            };
        })];
    }
}
