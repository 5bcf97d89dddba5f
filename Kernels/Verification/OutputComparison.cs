namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// One output of an op compared between the candidate and the reference backend. The relative error is
/// normwise: the largest absolute error over the largest reference magnitude, so values that cancel to near zero
/// do not make it meaningless.
/// </summary>
public sealed record OutputComparison(string Output, double MaxAbsoluteError, double MaxRelativeError, string? Failure)
{
    /// <summary>True when every element lies within tolerance.</summary>
    public bool Passed => Failure is null;

    /// <summary>Compares every element of <paramref name="candidate"/> against <paramref name="reference"/>.</summary>
    public static OutputComparison Of(string output, ReadOnlySpan<float> reference, ReadOnlySpan<float> candidate,
        Tolerance tolerance)
    {
        if (reference.Length != candidate.Length)
            return new(output, double.PositiveInfinity, double.PositiveInfinity,
                $"{output}: reference has {reference.Length} elements, candidate {candidate.Length}");
        double maxAbsolute = 0, scale = 0;
        string? failure = null;
        for (int i = 0; i < reference.Length; i++)
        {
            double expected = reference[i], actual = candidate[i];
            if (!tolerance.Accepts(expected, actual))
            {
                failure ??= $"{output}[{i}]: reference {expected:g9}, candidate {actual:g9} (tolerance {tolerance})";
                if (double.IsNaN(expected) || double.IsNaN(actual)) maxAbsolute = double.PositiveInfinity;
            }
            if (!double.IsNaN(expected) && !double.IsNaN(actual))
                maxAbsolute = Math.Max(maxAbsolute, Math.Abs(actual - expected));
            if (!double.IsNaN(expected)) scale = Math.Max(scale, Math.Abs(expected));
        }
        double maxRelative = maxAbsolute == 0 ? 0 : maxAbsolute / Math.Max(scale, double.Epsilon);
        return new(output, maxAbsolute, maxRelative, failure);
    }
}
