namespace TcnWtaNative.Training.Analysis;

/// <summary>The mean feature row of each label, labels in ordinal order.</summary>
public sealed class LabelCentroids
{
    private LabelCentroids(IReadOnlyList<string> labels, double[][] centroids)
    {
        Labels = labels;
        Centroids = centroids;
    }

    /// <summary>The distinct labels, sorted ordinally.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>One mean row [D] per label, in <see cref="Labels"/> order.</summary>
    public double[][] Centroids { get; }

    /// <summary>Averages the rows [n][D] of each label.</summary>
    public static LabelCentroids Fit(IReadOnlyList<double[]> rows, IReadOnlyList<string> labels)
    {
        if (rows.Count != labels.Count) throw new ArgumentException($"{rows.Count} rows for {labels.Count} labels");
        if (rows.Count == 0) throw new ArgumentException("no rows to average");
        int d = rows[0].Length;
        var names = labels.Distinct().Order(StringComparer.Ordinal).ToArray();
        var centroids = names.Select(_ => new double[d]).ToArray();
        var counts = new int[names.Length];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != d) throw new ArgumentException("rows must all have the same length");
            int c = Array.BinarySearch(names, labels[i], StringComparer.Ordinal);
            counts[c]++;
            for (int j = 0; j < d; j++) centroids[c][j] += rows[i][j];
        }
        for (int c = 0; c < names.Length; c++)
            for (int j = 0; j < d; j++) centroids[c][j] /= counts[c];
        return new LabelCentroids(names, centroids);
    }

    /// <summary>Euclidean distance between two rows of equal length.</summary>
    public static double Distance(double[] a, double[] b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) sum += (a[j] - b[j]) * (a[j] - b[j]);
        return Math.Sqrt(sum);
    }

    /// <summary>The label × label matrix of Euclidean distances between centroids: symmetric, zero diagonal.</summary>
    public double[,] DistanceMatrix()
    {
        int k = Labels.Count;
        var distances = new double[k, k];
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++) distances[a, b] = Distance(Centroids[a], Centroids[b]);
        return distances;
    }

    /// <summary>The distance matrix as CSV: a header row of labels, then one row per label led by its name.</summary>
    public string DistanceCsv()
    {
        var distances = DistanceMatrix();
        var lines = new List<string> { "label," + string.Join(",", Labels.Select(Quote)) };
        for (int a = 0; a < Labels.Count; a++)
            lines.Add(Quote(Labels[a]) + "," + string.Join(",", Enumerable.Range(0, Labels.Count)
                .Select(b => distances[a, b].ToString("G6", System.Globalization.CultureInfo.InvariantCulture))));
        return string.Join("\n", lines) + "\n";
    }

    private static string Quote(string field)
        => field.IndexOfAny([',', '"', '\n']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
