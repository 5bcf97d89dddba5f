namespace TcnWtaNative.Tests.Support;

/// <summary>
/// Element-wise comparisons of whole arrays. An element passes when |actual - expected| &lt;= absolute + relative *
/// |expected| (numpy's allclose); a failure names how many elements failed and the worst one (largest excess over its
/// tolerance) with both values, so a broken kernel points at its first suspect index. NaN matches only NaN.
/// </summary>
public static class TensorAssert
{
    public static void AllClose(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double absolute,
        double relative, string what)
    {
        if (actual.Length != expected.Length)
            Assert.Fail($"{what}: {actual.Length} elements where {expected.Length} were expected");
        int failures = 0, worst = -1;
        double worstExcess = double.NegativeInfinity;
        for (int i = 0; i < actual.Length; i++)
        {
            double a = actual[i], e = expected[i];
            if (a == e || (double.IsNaN(a) && double.IsNaN(e))) continue;
            double excess = Math.Abs(a - e) - (absolute + relative * Math.Abs(e));
            if (excess <= 0) continue;
            if (double.IsNaN(excess)) excess = double.PositiveInfinity;   // one side NaN or infinite
            failures++;
            if (excess > worstExcess) (worstExcess, worst) = (excess, i);
        }
        if (failures > 0)
            Assert.Fail(
                $"{what}: {failures} of {actual.Length} elements differ beyond |a-e| <= " +
                $"{absolute:G3} + {relative:G3}*|e|; " +
                $"worst at [{worst}]: actual {actual[worst]:R}, expected {expected[worst]:R}, |difference| " +
                $"{Math.Abs(actual[worst] - expected[worst]):G4}");
    }

    public static void AllClose(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double absolute,
        double relative, string what)
        => AllClose(RandomTensors.ToDouble(actual), RandomTensors.ToDouble(expected), absolute, relative, what);

    public static void AllClose(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double absolute,
        double relative, string what)
        => AllClose(RandomTensors.ToDouble(actual), expected, absolute, relative, what);

    /// <summary>Exact equality (masks, selections, copies); +0 and -0 count as equal.</summary>
    public static void Equal(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string what)
        => AllClose(actual, expected, 0, 0, what);

    /// <summary>Exact equality (masks, selections, copies); +0 and -0 count as equal.</summary>
    public static void Equal(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, string what)
        => AllClose(actual, expected, 0, 0, what);
}
