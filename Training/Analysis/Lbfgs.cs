namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, algorithm 7.4: the two-loop recursion over
/// the last <c>memory</c> steps) with a backtracking line search that asks for sufficient decrease (Armijo,
/// c = 1e-4). For smooth objectives such as the regularized logistic loss.
/// </summary>
public static class Lbfgs
{
    /// <summary>f(x) and, written into the second argument, ∇f(x).</summary>
    public delegate double Objective(double[] x, double[] gradient);

    /// <summary>
    /// What a minimization reached: the point, its value, the iterations taken and whether it converged.
    /// </summary>
    public sealed record Result(double[] Minimum, double Value, int Iterations, bool Converged);

    /// <summary>
    /// Minimizes <paramref name="objective"/> from <paramref name="start"/> until the largest gradient entry falls
    /// below <paramref name="gradientTolerance"/>, the value stops changing, or <paramref name="maxIterations"/>.
    /// </summary>
    public static Result Minimize(Objective objective, double[] start, int maxIterations = 500,
        double gradientTolerance = 1e-6, int memory = 10)
    {
        int n = start.Length;
        var x = (double[])start.Clone();
        var gradient = new double[n];
        double value = objective(x, gradient);
        var steps = new Queue<(double[] S, double[] Y, double Rho)>();
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            if (MaxAbs(gradient) < gradientTolerance) return new Result(x, value, iteration, true);
            var direction = Direction(gradient, steps);
            double slope = Dot(direction, gradient);
            if (slope >= 0)
            {
                steps.Clear();   // the curvature pairs no longer give a descent direction: restart from the gradient
                direction = [.. gradient.Select(g => -g)];
                slope = Dot(direction, gradient);
            }
            double step = steps.Count == 0 ? Math.Min(1, 1 / Math.Sqrt(-slope)) : 1;
            var nextGradient = new double[n];
            double[] next;
            double nextValue;
            while (true)
            {
                next = [.. x.Select((xi, i) => xi + step * direction[i])];
                nextValue = objective(next, nextGradient);
                if (nextValue <= value + 1e-4 * step * slope) break;
                step /= 2;
                if (step < 1e-20)
                    return new Result(x, value, iteration, MaxAbs(gradient) < Math.Sqrt(gradientTolerance));
            }
            var s = next.Select((v, i) => v - x[i]).ToArray();
            var y = nextGradient.Select((v, i) => v - gradient[i]).ToArray();
            double sy = Dot(s, y);
            if (sy > 1e-12)
            {
                if (steps.Count == memory) steps.Dequeue();
                steps.Enqueue((s, y, 1 / sy));
            }
            bool stalled = Math.Abs(value - nextValue) <= 1e-14 * Math.Max(1, Math.Abs(value));
            (x, gradient, value) = (next, nextGradient, nextValue);
            if (stalled) return new Result(x, value, iteration + 1, true);
        }
        return new Result(x, value, maxIterations, MaxAbs(gradient) < gradientTolerance);
    }

    // −H·g by the two-loop recursion, H the inverse-Hessian estimate from the stored (s, y) pairs
    private static double[] Direction(double[] gradient, Queue<(double[] S, double[] Y, double Rho)> steps)
    {
        var q = (double[])gradient.Clone();
        var pairs = steps.ToArray();
        var alpha = new double[pairs.Length];
        for (int i = pairs.Length - 1; i >= 0; i--)
        {
            alpha[i] = pairs[i].Rho * Dot(pairs[i].S, q);
            Axpy(-alpha[i], pairs[i].Y, q);
        }
        if (pairs.Length > 0)
        {
            var (s, y, _) = pairs[^1];
            double gamma = Dot(s, y) / Dot(y, y);
            for (int i = 0; i < q.Length; i++) q[i] *= gamma;
        }
        for (int i = 0; i < pairs.Length; i++)
        {
            double beta = pairs[i].Rho * Dot(pairs[i].Y, q);
            Axpy(alpha[i] - beta, pairs[i].S, q);
        }
        for (int i = 0; i < q.Length; i++) q[i] = -q[i];
        return q;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += a * x[i];
    }

    private static double MaxAbs(double[] v) => v.Length == 0 ? 0 : v.Max(Math.Abs);
}
