namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// PCA by power iteration on the covariance. With fewer rows than features (mean codes of a dictionary of 1000 atoms)
/// the covariance is never formed: C·v = Xcᵀ(Xc·v) / (n − 1) with Xc the centred rows, O(n·D) per step. With
/// more rows than features (17,424 Groove bars of 432 values) it is formed once, O(n·D²), and each step is O(D²).
/// Each further component is kept orthogonal to the earlier ones (deflation by Gram–Schmidt). Deterministic: a fixed
/// start vector, and each component's sign chosen so its largest-magnitude entry is positive.
/// </summary>
public sealed class PrincipalComponents
{
    private const int MaxIterations = 1000;
    private const double Tolerance = 1e-12;

    private PrincipalComponents(double[] mean, double[][] components, double[] variances, double totalVariance)
    {
        Mean = mean;
        Components = components;
        Variances = variances;
        TotalVariance = totalVariance;
    }

    /// <summary>The mean row [D] subtracted before projecting.</summary>
    public double[] Mean { get; }

    /// <summary>Unit principal axes, largest variance first: [count][D].</summary>
    public double[][] Components { get; }

    /// <summary>The variance along each axis (the covariance eigenvalues).</summary>
    public double[] Variances { get; }

    /// <summary>The summed variance of all D features (the covariance trace).</summary>
    public double TotalVariance { get; }

    /// <summary>The fraction of the total variance each axis explains.</summary>
    public double[] ExplainedFractions => [.. Variances.Select(v => TotalVariance > 0 ? v / TotalVariance : 0)];

    /// <summary>Fits <paramref name="count"/> axes to <paramref name="rows"/> [n][D] (n ≥ 2).</summary>
    public static PrincipalComponents Fit(IReadOnlyList<double[]> rows, int count = 2)
    {
        if (rows.Count < 2) throw new ArgumentException($"PCA needs at least two rows, got {rows.Count}");
        int d = rows[0].Length;
        if (rows.Any(r => r.Length != d)) throw new ArgumentException("PCA rows must all have the same length");
        if (count < 1 || count > d) throw new ArgumentException($"cannot fit {count} components to {d} features");
        var mean = new double[d];
        foreach (var row in rows) for (int j = 0; j < d; j++) mean[j] += row[j] / rows.Count;
        var centred = rows.Select(r => r.Select((x, j) => x - mean[j]).ToArray()).ToArray();
        double total = centred.Sum(r => r.Sum(x => x * x)) / (rows.Count - 1);
        Func<double[], double[]> covariance = rows.Count > d ? FormedCovariance(centred).Times
            : v => Covariance(centred, v);
        var components = new double[count][];
        var variances = new double[count];
        for (int k = 0; k < count; k++)
            (components[k], variances[k]) = LeadingAxis(covariance, d, components.AsSpan(0, k).ToArray(), k);
        return new PrincipalComponents(mean, components, variances, total);
    }

    /// <summary>A row [D] in principal coordinates [count].</summary>
    public double[] Project(double[] row)
    {
        if (row.Length != Mean.Length)
            throw new ArgumentException($"a row of {row.Length} features for a PCA of {Mean.Length}");
        return [.. Components.Select(axis => axis.Select((a, j) => a * (row[j] - Mean[j])).Sum())];
    }

    /// <summary>
    /// A row [D] projected on the first <paramref name="components"/> axes and mapped back: mean + Σ (axisᵀ (row −
    /// mean)) axis.
    /// </summary>
    public double[] Approximate(ReadOnlySpan<double> row, int components)
    {
        if (row.Length != Mean.Length)
            throw new ArgumentException($"a row of {row.Length} features for a PCA of {Mean.Length}");
        if (components < 0 || components > Components.Length)
            throw new ArgumentException($"cannot approximate with {components} of {Components.Length} components");
        var result = (double[])Mean.Clone();
        for (int k = 0; k < components; k++)
        {
            var axis = Components[k];
            double coordinate = 0;
            for (int j = 0; j < axis.Length; j++) coordinate += axis[j] * (row[j] - Mean[j]);
            for (int j = 0; j < axis.Length; j++) result[j] += coordinate * axis[j];
        }
        return result;
    }

    // the unit axis of largest variance orthogonal to `earlier`, and that variance
    private static (double[] Axis, double Variance) LeadingAxis(Func<double[], double[]> covariance, int d,
        double[][] earlier, int index)
    {
        var random = new Random(17 + index);
        var v = Normalize(
            Orthogonalize(Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray(), earlier));
        double variance = 0;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            var next = Orthogonalize(covariance(v), earlier);
            double norm = Math.Sqrt(next.Sum(x => x * x));
            if (norm == 0) return (FixSign(v), 0);   // no variance left orthogonal to the earlier axes
            for (int j = 0; j < d; j++) next[j] /= norm;
            double change = next.Select((x, j) => (x - v[j]) * (x - v[j])).Sum();
            (v, variance) = (next, norm);
            if (change < Tolerance) break;
        }
        return (FixSign(v), variance);
    }

    // C·v = Xcᵀ(Xc·v) / (n − 1)
    private static double[] Covariance(double[][] centred, double[] v)
    {
        var result = new double[v.Length];
        foreach (var row in centred)
        {
            double dot = 0;
            for (int j = 0; j < v.Length; j++) dot += row[j] * v[j];
            for (int j = 0; j < v.Length; j++) result[j] += row[j] * dot;
        }
        for (int j = 0; j < v.Length; j++) result[j] /= centred.Length - 1;
        return result;
    }

    // the covariance [D, D] of the centred rows [n][D], formed once: features as columns, one dot product per entry
    private static SymmetricMatrix FormedCovariance(double[][] centred)
    {
        int n = centred.Length, d = centred[0].Length;
        var columns = new double[d][];
        for (int j = 0; j < d; j++)
        {
            columns[j] = new double[n];
            for (int r = 0; r < n; r++) columns[j][r] = centred[r][j];
        }
        var matrix = new double[d * d];
        Parallel.For(0, d, i =>
        {
            for (int j = 0; j <= i; j++)
                matrix[i * d + j] = matrix[j * d + i] = System.Numerics.Tensors.TensorPrimitives.Dot<double>(columns[i],
                    columns[j]) / (n - 1);
        });
        return new SymmetricMatrix(matrix, d);
    }

    private sealed record SymmetricMatrix(double[] Values, int Size)
    {
        public double[] Times(double[] v)
        {
            var result = new double[Size];
            for (int i = 0; i < Size; i++)
                result[i] = System.Numerics.Tensors.TensorPrimitives.Dot<double>(Values.AsSpan(i * Size, Size), v);
            return result;
        }
    }

    private static double[] Orthogonalize(double[] v, double[][] axes)
    {
        foreach (var axis in axes)
        {
            double dot = axis.Select((a, j) => a * v[j]).Sum();
            for (int j = 0; j < v.Length; j++) v[j] -= dot * axis[j];
        }
        return v;
    }

    private static double[] Normalize(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / norm)];
    }

    private static double[] FixSign(double[] v)
    {
        int largest = 0;
        for (int j = 1; j < v.Length; j++) if (Math.Abs(v[j]) > Math.Abs(v[largest])) largest = j;
        return v[largest] < 0 ? [.. v.Select(x => -x)] : v;
    }
}
