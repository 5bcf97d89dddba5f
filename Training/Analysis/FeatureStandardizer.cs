namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Rescales each feature to zero mean and unit variance with statistics of the training rows only, so nothing
/// about the test rows leaks into the classifier. A feature constant on the training rows maps to zero.
/// </summary>
public sealed class FeatureStandardizer
{
    private readonly double[] _mean;
    private readonly double[] _scale;

    private FeatureStandardizer(double[] mean, double[] scale)
    {
        _mean = mean;
        _scale = scale;
    }

    /// <summary>
    /// Takes the mean and (population) standard deviation of each column of <paramref name="rows"/> [n][D].
    /// </summary>
    public static FeatureStandardizer Fit(IReadOnlyList<double[]> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("no rows to standardize");
        int d = rows[0].Length;
        var mean = new double[d];
        var variance = new double[d];
        foreach (var row in rows) for (int j = 0; j < d; j++) mean[j] += row[j] / rows.Count;
        foreach (var row in rows) for (int j = 0; j < d; j++)
            variance[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / rows.Count;
        return new FeatureStandardizer(mean, [.. variance.Select(v => v > 1e-24 ? 1 / Math.Sqrt(v) : 0)]);
    }

    /// <summary>(row − mean) / std, column by column.</summary>
    public double[] Transform(double[] row)
    {
        if (row.Length != _mean.Length)
            throw new ArgumentException($"a row of {row.Length} features for a standardizer of {_mean.Length}");
        return [.. row.Select((x, j) => (x - _mean[j]) * _scale[j])];
    }
}
