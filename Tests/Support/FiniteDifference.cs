namespace TcnWtaNative.Tests.Support;

/// <summary>
/// Central-difference gradients of a scalar function, and the check that compares them with an analytic gradient.
/// (f(x + h e_i) - f(x - h e_i)) / 2h has error O(h^2 f''') plus rounding O(eps |f| / h); in float64 with h = 1e-6 that
/// is about 1e-10 relative, so a check at 1e-6 relative is tight. The caller must keep the point at least a few steps
/// away from kinks (ReLU at 0, |.| at 0, a top-k whose k-th and (k+1)-th values are within the step), where the
/// difference is meaningless.
/// </summary>
public static class FiniteDifference
{
    /// <summary>The default step for float64 checks.</summary>
    public const double DefaultStep = 1e-6;

    /// <summary>
    /// d loss / d point[i] for each i in <paramref name="coordinates"/> (all coordinates when null), in that order.
    /// The point is perturbed in place and restored exactly.
    /// </summary>
    public static double[] Gradient(Func<double[], double> loss, double[] point, double step = DefaultStep,
        IReadOnlyList<int>? coordinates = null)
    {
        coordinates ??= Enumerable.Range(0, point.Length).ToArray();
        var gradient = new double[coordinates.Count];
        for (int n = 0; n < coordinates.Count; n++)
        {
            int i = coordinates[n];
            double saved = point[i];
            point[i] = saved + step;
            double above = loss(point);
            point[i] = saved - step;
            double below = loss(point);
            point[i] = saved;
            gradient[n] = (above - below) / (2 * step);
        }
        return gradient;
    }

    /// <summary>
    /// The same in float: the perturbed coordinates are rounded to float, and the difference is divided by the step
    /// actually taken. Use a step near cbrt(float eps) * |x| (about 1e-2 for values near 1) and a correspondingly loose
    /// tolerance.
    /// </summary>
    public static double[] Gradient(Func<float[], double> loss, float[] point, float step,
        IReadOnlyList<int>? coordinates = null)
    {
        coordinates ??= Enumerable.Range(0, point.Length).ToArray();
        var gradient = new double[coordinates.Count];
        for (int n = 0; n < coordinates.Count; n++)
        {
            int i = coordinates[n];
            float saved = point[i];
            float up = saved + step, down = saved - step;
            point[i] = up;
            double above = loss(point);
            point[i] = down;
            double below = loss(point);
            point[i] = saved;
            gradient[n] = (above - below) / ((double)up - down);
        }
        return gradient;
    }

    /// <summary>
    /// All of 0..length-1 when length &lt;= count, else <paramref name="count"/> distinct ones drawn with the seed,
    /// ascending.
    /// </summary>
    public static int[] Coordinates(int length, int count, int seed)
    {
        if (length <= count) return Enumerable.Range(0, length).ToArray();
        var all = Enumerable.Range(0, length).ToArray();
        new Random(seed).Shuffle(all);
        return all.Take(count).Order().ToArray();
    }

    /// <summary>
    /// Asserts that <paramref name="analytic"/> is the gradient of <paramref name="loss"/> at <paramref name="point"/>,
    /// comparing with central differences on at most <paramref name="maxCoordinates"/> coordinates (a seeded random
    /// subset of larger tensors).
    /// </summary>
    public static void AssertGradient(string what, Func<double[], double> loss, double[] point,
        ReadOnlySpan<double> analytic,
        double step = DefaultStep, double absolute = 1e-8, double relative = 1e-6, int maxCoordinates = 256,
        int seed = 1)
    {
        Assert.That(analytic.Length, Is.EqualTo(point.Length), $"{what}: the analytic gradient's length");
        var coordinates = Coordinates(point.Length, maxCoordinates, seed);
        var numeric = Gradient(loss, point, step, coordinates);
        var picked = new double[coordinates.Length];
        for (int n = 0; n < coordinates.Length; n++) picked[n] = analytic[coordinates[n]];
        TensorAssert.AllClose(picked, numeric, absolute, relative,
            $"{what} (analytic vs central difference at {coordinates.Length} coordinates)");
    }

    /// <summary>sum_i a[i] * b[i]: the scalar L = sum(op(inputs) * R) whose gradient w.r.t. the output is R.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.That(b.Length, Is.EqualTo(a.Length), "dot product lengths");
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
