namespace TcnWtaNative.Kernels.Verification;

/// <summary>The sum of squares behind gradient clipping, the clipping itself, Adam and AdamW over several steps, and
/// unit-norm rows.</summary>
public static class OptimizerChecks
{
    /// <summary>Every optimizer case.</summary>
    public static IEnumerable<ParityCheck> All()
    {
        yield return SumOfSquares(1);
        yield return SumOfSquares(1037);
        yield return SumOfSquares(70001);
        yield return ClipGradientNorm(1037, maxNorm: 0.5);
        yield return ClipGradientNorm(70001, maxNorm: 1e4);
        yield return Adam(new AdamSettings(1e-3f), firstStep: 1, steps: 1);
        yield return Adam(new AdamSettings(1e-2f, WeightDecay: 0.1f), firstStep: 7, steps: 3);
        yield return Adam(
            new AdamSettings(3e-3f, Beta1: 0.8f, Beta2: 0.99f, Epsilon: 1e-6f, WeightDecay: 0.01f, Decoupled: true),
            firstStep: 1, steps: 4);
        yield return NormalizeRows(rows: 5, rowLength: 37, zeroRow: 2);
        yield return NormalizeRows(rows: 3, rowLength: 600, zeroRow: null);
    }

    private static ParityCheck SumOfSquares(int length) => new("sum of squares", $"n={length}", h =>
    {
        var x = h.Uniform(length);
        h.RunScalar("sum", backend => backend.SumOfSquares(x[backend]), Tolerance.Float);
    });

    // uniform values in [-1, 1): a norm near sqrt(n / 3), clipped to 0.5 or left alone under 1e4
    private static ParityCheck ClipGradientNorm(int length, double maxNorm)
        => new("clip gradient norm", $"n={length} max={maxNorm}", h =>
    {
        var gradients = h.Uniform(length);
        h.Run(backend => backend.ClipGradientNorm(gradients[backend], maxNorm));
        h.Compare("gradients", gradients, Tolerance.Float);
    });

    // Several consecutive steps with fresh gradients each time, from moments that are already warm.
    private static ParityCheck Adam(AdamSettings settings, int firstStep, int steps) => new(
        settings.Decoupled ? "adamw step" : "adam step",
        $"n=1037 lr={settings.LearningRate} decay={settings.WeightDecay} steps {firstStep}..{firstStep + steps - 1}",
        h =>
        {
            const int length = 1037;
            var parameters = h.Uniform(length);
            var firstMoment = h.Uniform(length, -0.1f, 0.1f);
            var secondMoment = h.Uniform(length, 0f, 0.01f);
            for (int step = firstStep; step < firstStep + steps; step++)
            {
                var gradients = h.Uniform(length);
                int current = step;
                h.Run(backend => backend.AdamStep(settings, current, parameters[backend], gradients[backend],
                    firstMoment[backend], secondMoment[backend]));
            }
            h.Compare("parameters", parameters, Tolerance.Float);
            h.Compare("first moment", firstMoment, Tolerance.Float);
            h.Compare("second moment", secondMoment, Tolerance.Float);
        });

    private static ParityCheck NormalizeRows(int rows, int rowLength, int? zeroRow) => new(
        "normalize rows", $"rows={rows} length={rowLength}" + (zeroRow is null ? "" : " with a zero row"), h =>
        {
            var values = h.RandomValues(rows * rowLength);
            if (zeroRow is { } r) Array.Clear(values, r * rowLength, rowLength);
            var matrix = h.Values(values);
            h.Run(backend => backend.NormalizeRows(matrix[backend], rows, rowLength));
            h.Compare("matrix", matrix, Tolerance.Float);
        });
}
