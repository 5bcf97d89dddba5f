namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Multinomial logistic regression, the linear probe: p(k | x) = softmax(W·x + b)_k with W [K, D], b [K], fitted by
/// <see cref="Lbfgs"/> on the mean cross-entropy plus (λ/2)·‖W‖² (the bias is not penalized). Standardize the
/// features first (<see cref="FeatureStandardizer"/>) so one λ suits every feature.
/// </summary>
public sealed class LogisticRegression
{
    private readonly double[] _parameters;

    private LogisticRegression(IReadOnlyList<string> labels, int features, double[] parameters, Lbfgs.Result fit)
    {
        Labels = labels;
        Features = features;
        _parameters = parameters;
        Fit = fit;
    }

    /// <summary>The classes, sorted ordinally; class k is row k of W.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>D: features per row.</summary>
    public int Features { get; }

    /// <summary>How the optimizer finished.</summary>
    public Lbfgs.Result Fit { get; }

    /// <summary>Fits W and b to the rows [n][D] and their labels (at least two classes).</summary>
    public static LogisticRegression Train(IReadOnlyList<double[]> rows, IReadOnlyList<string> labels, double l2 = 1e-2,
        int maxIterations = 500)
    {
        if (rows.Count != labels.Count) throw new ArgumentException($"{rows.Count} rows for {labels.Count} labels");
        var names = labels.Distinct().Order(StringComparer.Ordinal).ToArray();
        if (names.Length < 2)
            throw new ArgumentException($"a classifier needs at least two classes, got {names.Length}");
        int d = rows[0].Length;
        var classes = labels.Select(l => Array.BinarySearch(names, l, StringComparer.Ordinal)).ToArray();
        var fit = Lbfgs.Minimize((p, g) => LossAndGradient(rows, classes, names.Length, l2, p, g),
            new double[names.Length * (d + 1)], maxIterations);
        return new LogisticRegression(names, d, fit.Minimum, fit);
    }

    /// <summary>The class probabilities of a row [D], in <see cref="Labels"/> order.</summary>
    public double[] Probabilities(double[] row)
    {
        if (row.Length != Features)
            throw new ArgumentException($"a row of {row.Length} features for a model of {Features}");
        var p = new double[Labels.Count];
        Softmax(_parameters, row, p);
        return p;
    }

    /// <summary>The most probable label of a row [D] (the lower label on a tie).</summary>
    public string Predict(double[] row)
    {
        var p = Probabilities(row);
        int best = 0;
        for (int k = 1; k < p.Length; k++) if (p[k] > p[best]) best = k;
        return Labels[best];
    }

    /// <summary>
    /// The objective at <paramref name="parameters"/> = [W row-major [K, D] | b [K]]:
    /// L = (1/n) Σ_i −log p(y_i | x_i) + (λ/2)‖W‖², and into <paramref name="gradient"/> (same layout)
    /// ∂L/∂W_k = (1/n) Σ_i (p_ik − [y_i = k]) x_i + λ W_k and ∂L/∂b_k = (1/n) Σ_i (p_ik − [y_i = k]).
    /// </summary>
    public static double LossAndGradient(IReadOnlyList<double[]> rows, int[] classes, int classCount, double l2,
        double[] parameters, double[] gradient)
    {
        int d = rows[0].Length, biasOffset = classCount * d;
        if (parameters.Length != classCount * (d + 1) || gradient.Length != parameters.Length)
            throw new ArgumentException($"{classCount} classes of {d} features need {classCount * (d + 1)} parameters");
        Array.Clear(gradient);
        double loss = 0;
        var p = new double[classCount];
        for (int i = 0; i < rows.Count; i++)
        {
            var x = rows[i];
            Softmax(parameters, x, p);
            loss -= Math.Log(Math.Max(p[classes[i]], double.Epsilon));
            for (int k = 0; k < classCount; k++)
            {
                double error = (p[k] - (k == classes[i] ? 1 : 0)) / rows.Count;
                var row = gradient.AsSpan(k * d, d);
                for (int j = 0; j < d; j++) row[j] += error * x[j];
                gradient[biasOffset + k] += error;
            }
        }
        loss /= rows.Count;
        for (int w = 0; w < biasOffset; w++)
        {
            loss += 0.5 * l2 * parameters[w] * parameters[w];
            gradient[w] += l2 * parameters[w];
        }
        return loss;
    }

    // p = softmax(W·x + b), shifted by the largest logit so exp never overflows
    private static void Softmax(double[] parameters, double[] x, double[] p)
    {
        int classCount = p.Length, d = x.Length;
        double largest = double.NegativeInfinity;
        for (int k = 0; k < classCount; k++)
        {
            double logit = parameters[classCount * d + k];
            var w = parameters.AsSpan(k * d, d);
            for (int j = 0; j < d; j++) logit += w[j] * x[j];
            p[k] = logit;
            largest = Math.Max(largest, logit);
        }
        double sum = 0;
        for (int k = 0; k < classCount; k++) sum += p[k] = Math.Exp(p[k] - largest);
        for (int k = 0; k < classCount; k++) p[k] /= sum;
    }
}
