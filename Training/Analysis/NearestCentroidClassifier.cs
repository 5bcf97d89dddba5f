namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Assigns a row the label whose training centroid is nearest in Euclidean distance (the lower label, ordinally,
/// on a tie). No parameters beyond the centroids, so it shows how well the features alone group by label.
/// </summary>
public sealed class NearestCentroidClassifier(LabelCentroids centroids)
{
    /// <summary>The centroids predictions compare against.</summary>
    public LabelCentroids Centroids { get; } = centroids;

    /// <summary>Fits the centroids of the training rows [n][D].</summary>
    public static NearestCentroidClassifier Fit(IReadOnlyList<double[]> rows, IReadOnlyList<string> labels)
        => new(LabelCentroids.Fit(rows, labels));

    /// <summary>The label of the nearest centroid to <paramref name="row"/> [D].</summary>
    public string Predict(double[] row)
    {
        if (row.Length != Centroids.Centroids[0].Length)
            throw new ArgumentException(
                $"a row of {row.Length} features for centroids of {Centroids.Centroids[0].Length}");
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int c = 0; c < Centroids.Labels.Count; c++)
        {
            double distance = LabelCentroids.Distance(row, Centroids.Centroids[c]);
            if (distance < bestDistance) (best, bestDistance) = (c, distance);
        }
        return Centroids.Labels[best];
    }
}
