using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// <see cref="IComputeBackend.MatchingPursuit"/> on every backend (scalar, SIMD CPU, ILGPU's CPU accelerator) against
/// facts about OMP that hold whatever the implementation: the first pick and its coefficient, exact recovery of sparse
/// combinations, a residual orthogonal to the chosen atoms, group budgets, zero frames, dependent and zero atoms, and
/// a plain signal-space OMP (least squares by Gaussian elimination in double, on the group's frames laid end to end
/// with shifted atoms), which shares no code with the backends' correlation-domain Cholesky updates.
/// </summary>
[NonParallelizable]
public sealed class MatchingPursuitTests
{
    private static readonly string[] Backends = ["scalar", "cpu", "ilgpu-cpu"];

    // runs on a fresh CPU backend, or on the suite's one ILGPU backend (its kernels compile once)
    private static T On<T>(string name, Func<IComputeBackend, T> run)
    {
        if (name == "ilgpu-cpu") return run(IlgpuTestDevice.Backend);
        using IComputeBackend backend = name == "scalar" ? new ScalarBackend() : new CpuBackend();
        return run(backend);
    }

    /// <summary>
    /// A dictionary [N, D] and the frames [B*L, D] it codes, in double; correlations and Gram come from them.
    /// </summary>
    private sealed record Problem(double[][] Atoms, double[][] Frames, int Batch, int Length)
    {
        public int Count => Atoms.Length;

        public float[] Correlations()
        {
            var c = new float[Batch * Count * Length];
            for (int b = 0; b < Batch; b++)
                for (int n = 0; n < Count; n++)
                    for (int l = 0; l < Length; l++)
                        c[(b * Count + n) * Length + l] = (float)Dot(Atoms[n], Frames[b * Length + l]);
            return c;
        }

        public float[] Gram()
        {
            var g = new float[Count * Count];
            for (int i = 0; i < Count; i++)
                for (int j = 0; j < Count; j++) g[i * Count + j] = (float)Dot(Atoms[i], Atoms[j]);
            return g;
        }

        /// <summary>code [B, N, L] at (b, n, l).</summary>
        public static float At(float[] code, int atoms, int length, int b, int n, int l)
            => code[(b * atoms + n) * length + l];
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double[][] Random(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows)
            .Select(_ => Enumerable.Range(0, columns).Select(_ => 2 * random.NextDouble() - 1).ToArray())];
    }

    private static double[] Combination(double[][] atoms, params (int Atom, double Coefficient)[] terms)
    {
        var frame = new double[atoms[0].Length];
        foreach (var (atom, coefficient) in terms)
            for (int d = 0; d < frame.Length; d++) frame[d] += coefficient * atoms[atom][d];
        return frame;
    }

    private static float[] Run(string backendName, int batch, int atoms, int length, int groupFrames, int nonzeros,
        float[] correlations, float[] gram)
        => On(backendName, backend =>
    {
        using var c = backend.Allocate(correlations.Length);
        using var g = backend.Allocate(gram.Length);
        using var code = backend.Allocate(correlations.Length);
        backend.Upload(correlations, c);
        backend.Upload(gram, g);
        backend.Fill(code, float.NaN); // every entry must be written
        backend.MatchingPursuit(batch, atoms, length, groupFrames, nonzeros, c, g, code);
        var result = new float[correlations.Length];
        backend.Download(code, result);
        return result;
    });

    private static float[] Run(string backend, Problem problem, int groupFrames, int nonzeros)
        => Run(backend, problem.Batch, problem.Count, problem.Length, groupFrames, nonzeros, problem.Correlations(),
            problem.Gram());

    [Test]
    public void OneNonZeroIsTheBestNormalizedCorrelationWithCoefficientCOverG(
        [ValueSource(nameof(Backends))] string backend)
    {
        // atom 0 is long and correlates most in absolute terms; atom 1 is a unit vector nearly along the frame
        double[][] atoms = [[10, 0, 0], [0, 1, 0], [0, 0, 0.5]];
        var problem = new Problem(atoms, [[0.3, 0.9, 0.2]], 1, 1);
        var code = Run(backend, problem, 1, 1);
        Assert.That(code, Is.EqualTo(new[] { 0f, 0.9f, 0f }).Within(1e-6f));

        var random = new Problem(Random(12, 20, 1), Random(6, 20, 2), 2, 3);
        var c = random.Correlations();
        var g = random.Gram();
        code = Run(backend, random, 1, 1);
        for (int b = 0; b < 2; b++)
            for (int l = 0; l < 3; l++)
            {
                int best = Enumerable.Range(0, 12).MaxBy(n => Math.Abs(c[(b * 12 + n) * 3 + l]) / Math.Sqrt(g[n * 13]));
                var column = Enumerable.Range(0, 12).Select(n => Problem.At(code, 12, 3, b, n, l)).ToArray();
                Assert.That(Array.FindAll(column, v => v != 0), Has.Length.EqualTo(1), $"frame ({b}, {l})");
                Assert.That(column[best], Is.EqualTo(c[(b * 12 + best) * 3 + l] / g[best * 13]).Within(1e-4).Percent,
                    $"frame ({b}, {l})");
            }
    }

    [Test]
    public void AnExactSparseCombinationIsRecoveredAndTheGroupStopsThere([ValueSource(nameof(Backends))] string backend)
    {
        var atoms = Random(10, 16, 3);
        (int, double)[] first = [(2, 1.5), (7, -0.8), (9, 0.6)], second = [(0, -1.1), (4, 0.7), (5, 1.3)];
        var problem = new Problem(atoms, [Combination(atoms, first), Combination(atoms, second)], 1, 2);
        foreach (int budget in new[] { 3, 5 })
        {
            var code = Run(backend, problem, 1, budget);
            foreach (var (terms, l) in new[] { (first, 0), (second, 1) })
            {
                var expected = new float[10];
                foreach (var (atom, coefficient) in terms) expected[atom] = (float)coefficient;
                var column = Enumerable.Range(0, 10).Select(n => Problem.At(code, 10, 2, 0, n, l)).ToArray();
                Assert.That(column.Select(v => v != 0), Is.EqualTo(expected.Select(v => v != 0)),
                    $"support of frame {l} with budget {budget}");
                Assert.That(column, Is.EqualTo(expected).Within(1e-4f),
                    $"coefficients of frame {l} with budget {budget}");
            }
        }
    }

    [Test]
    public void TheResidualIsOrthogonalToTheChosenAtomsAndTheCoefficientsAreTheirLeastSquares(
        [ValueSource(nameof(Backends))] string backend)
    {
        var problem = new Problem(Random(20, 30, 4), Random(4, 30, 5), 4, 1);
        var code = Run(backend, problem, 1, 6);
        for (int b = 0; b < 4; b++)
        {
            var support = Enumerable.Range(0, 20).Where(n => Problem.At(code, 20, 1, b, n, 0) != 0).ToArray();
            Assert.That(support, Has.Length.EqualTo(6));
            var residual = (double[])problem.Frames[b].Clone();
            foreach (int n in support)
                for (int d = 0; d < 30; d++) residual[d] -= Problem.At(code, 20, 1, b, n, 0) * problem.Atoms[n][d];
            double scale = Math.Sqrt(Dot(problem.Frames[b], problem.Frames[b]));
            foreach (int n in support)
                Assert.That(Math.Abs(Dot(residual, problem.Atoms[n])),
                    Is.LessThan(1e-5 * scale * Math.Sqrt(Dot(problem.Atoms[n], problem.Atoms[n]))),
                    $"item {b}, atom {n}");
            var leastSquares = LeastSquares(support.Select(n => problem.Atoms[n]).ToArray(), problem.Frames[b]);
            Assert.That(support.Select(n => (double)Problem.At(code, 20, 1, b, n, 0)),
                Is.EqualTo(leastSquares).Within(1e-4), $"item {b}");
        }
    }

    [Test]
    public void AGroupSpendsItsBudgetWhereTheEnergyIs([ValueSource(nameof(Backends))] string backend)
    {
        var atoms = Random(8, 12, 6);
        var zero = new double[12];
        // one group of 4 frames, budget 2: frames 1 and 3 hold one atom each (frame 3 the stronger), frames 0 and 2
        // nothing
        var problem = new Problem(atoms, [zero, Combination(atoms, (5, 0.7)), zero, Combination(atoms, (2, -1.2))], 1,
            4);
        var code = Run(backend, problem, 4, 2);
        var expected = new float[8 * 4];
        expected[5 * 4 + 1] = 0.7f;
        expected[2 * 4 + 3] = -1.2f;
        Assert.That(code, Is.EqualTo(expected).Within(1e-4f));

        // random frames, groups of 3 over 7 frames (the last group is one frame): every group spends exactly its budget
        var random = new Problem(Random(8, 12, 7), Random(14, 12, 8), 2, 7);
        code = Run(backend, random, 3, 4);
        for (int b = 0; b < 2; b++)
            foreach (var (firstFrame, frames) in new[] { (0, 3), (3, 3), (6, 1) })
            {
                int nonZeros = 0;
                for (int n = 0; n < 8; n++)
                    for (int l = firstFrame; l < firstFrame + frames; l++)
                        nonZeros += Problem.At(code, 8, 7, b, n, l) != 0 ? 1 : 0;
                Assert.That(nonZeros, Is.EqualTo(4), $"item {b}, group at frame {firstFrame}");
            }
    }

    [Test]
    public void ZeroFramesGiveZeroCodes([ValueSource(nameof(Backends))] string backend)
    {
        var atoms = Random(6, 10, 9);
        var problem = new Problem(atoms, [new double[10], Combination(atoms, (1, 1.0)), new double[10]], 1, 3);
        var code = Run(backend, problem, 1, 3);
        for (int n = 0; n < 6; n++)
        {
            Assert.That(Problem.At(code, 6, 3, 0, n, 0), Is.EqualTo(0f));
            Assert.That(Problem.At(code, 6, 3, 0, n, 2), Is.EqualTo(0f));
        }
        Assert.That(Run(backend, problem, 3, 4).Where((_, i) => i % 3 != 1), Is.All.EqualTo(0f),
            "zero frames inside a group");
    }

    [Test]
    public void DependentAndZeroAtomsAreNeverChosen([ValueSource(nameof(Backends))] string backend)
    {
        // a duplicate: correlations the Gram cannot produce (c0 != c1 for identical atoms) force the second pick onto
        // atom 0, whose pivot is 0 (it is atom 1): skipped, and nothing else is left
        Assert.That(Run(backend, 1, 2, 1, 1, 2, [1f, 2f], [1f, 1f, 1f, 1f]), Is.EqualTo(new[] { 0f, 2f }));
        // an all-zero atom is never chosen, even against a non-zero correlation
        Assert.That(Run(backend, 1, 2, 1, 1, 2, [0.5f, 3f], [1f, 0f, 0f, 0f]), Is.EqualTo(new[] { 0.5f, 0f }));

        // six atoms in three dimensions: a budget of five still stops at three atoms, explaining the frame exactly
        var atoms = Random(6, 3, 10);
        var frame = Combination(atoms, (0, 0.9), (3, -0.4), (4, 1.1), (5, 0.3));
        var code = Run(backend, new Problem(atoms, [frame], 1, 1), 1, 5);
        Assert.That(code, Is.All.Not.NaN);
        Assert.That(code.Count(v => v != 0), Is.EqualTo(3));
        var reconstruction = Combination(atoms, [.. code.Select((v, n) => (n, (double)v))]);
        Assert.That(reconstruction, Is.EqualTo(frame).Within(1e-4));
    }

    public static IEnumerable<TestCaseData> SignalSpaceCases() =>
        from backend in Backends
        from shape in new (int Atoms, int Dimension, int Length, int GroupFrames, int Budget, int Seed)[]
        {
            (12, 20, 3, 1, 5, 11), (9, 8, 5, 2, 6, 12), (16, 24, 6, 3, 7, 13), (7, 30, 4, 4, 4, 14),
            (40, 64, 2, 1, 12, 15),
        }
        select new TestCaseData(backend, shape.Atoms, shape.Dimension, shape.Length, shape.GroupFrames, shape.Budget,
            shape.Seed);

    [TestCaseSource(nameof(SignalSpaceCases))]
    public void MatchesPlainOmpOverTheGroupWithShiftedAtoms(string backend, int atoms, int dimension, int length,
        int groupFrames, int budget, int seed)
    {
        var problem = new Problem(Random(atoms, dimension, seed), Random(2 * length, dimension, seed + 100), 2, length);
        var code = Run(backend, problem, groupFrames, budget);
        for (int b = 0; b < 2; b++)
            for (int first = 0; first < length; first += groupFrames)
            {
                int frames = Math.Min(groupFrames, length - first);
                var expected = SignalSpaceOmp(problem.Atoms,
                    problem.Frames[(b * length + first)..(b * length + first + frames)], budget);
                for (int f = 0; f < frames; f++)
                    for (int n = 0; n < atoms; n++)
                    {
                        float actual = Problem.At(code, atoms, length, b, n, first + f);
                        Assert.That(actual != 0, Is.EqualTo(expected[f, n] != 0),
                            $"support at item {b}, frame {first + f}, atom {n}");
                        Assert.That(actual, Is.EqualTo(expected[f, n]).Within(1e-4 + 1e-3 * Math.Abs(expected[f, n])),
                            $"item {b}, frame {first + f}, atom {n}");
                    }
            }
    }

    [Test]
    public void BadArgumentsAreClearErrors([ValueSource(nameof(Backends))] string backend) => On(backend, device =>
    {
        using var c = device.Allocate(2 * 3 * 4);
        using var g = device.Allocate(9);
        using var code = device.Allocate(2 * 3 * 4);
        Assert.Multiple(() =>
        {
            Assert.That(() => device.MatchingPursuit(2, 3, 4, 1, 0, c, g, code),
                Throws.InstanceOf<ArgumentException>().With.Message.Contains(
                    "1 <= non-zeros per group <= N * group frames = 3, got 0"));
            Assert.That(() => device.MatchingPursuit(2, 3, 4, 2, 7, c, g, code),
                Throws.InstanceOf<ArgumentException>().With.Message.Contains("N * group frames = 6, got 7"));
            Assert.That(() => device.MatchingPursuit(2, 3, 4, 0, 1, c, g, code),
                Throws.InstanceOf<ArgumentException>().With.Message.Contains("at least one frame"));
            Assert.That(() => device.MatchingPursuit(2, 3, 4, 1, 1, c, c, code),
                Throws.InstanceOf<ArgumentException>().With.Message.StartsWith(
                    "pursuit gram holds 24 elements where the shape needs 9"));
            Assert.That(() => device.MatchingPursuit(2, 3, 5, 1, 1, c, g, code),
                Throws.InstanceOf<ArgumentException>().With.Message.StartsWith("pursuit correlations holds 24"));
            Assert.That(() => device.MatchingPursuit(2, 0, 4, 1, 1, c, g, code),
                Throws.InstanceOf<ArgumentException>().With.Message.Contains("at least one atom"));
        });
        return 0;
    });

    [Test]
    public void AWarmCpuCallAllocatesNothing()
    {
        var problem = new Problem(Random(30, 40, 16), Random(24, 40, 17), 3, 8);
        using var backend = new CpuBackend();
        using var c = backend.Allocate(3 * 30 * 8);
        using var g = backend.Allocate(30 * 30);
        using var code = backend.Allocate(3 * 30 * 8);
        backend.Upload(problem.Correlations(), c);
        backend.Upload(problem.Gram(), g);
        for (int i = 0; i < 3; i++) backend.MatchingPursuit(3, 30, 8, 2, 6, c, g, code);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) backend.MatchingPursuit(3, 30, 8, 2, 6, c, g, code);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "bytes allocated by five warm calls");
    }

    /// <summary>
    /// Textbook OMP on the group's frames laid end to end (signal [frames * D]) over every atom at every frame (atom n
    /// at frame f is atom n in f's slot, zero elsewhere): pick the largest |&lt;atom, residual&gt;| / ||atom||, re-fit
    /// every chosen coefficient by least squares, recompute the residual in signal space. Returns coefficients [frames,
    /// N].
    /// </summary>
    private static double[,] SignalSpaceOmp(double[][] atoms, double[][] frames, int budget)
    {
        int dimension = atoms[0].Length;
        var residual = frames.Select(f => (double[])f.Clone()).ToArray();
        var support = new List<(int Frame, int Atom)>();
        var coefficients = Array.Empty<double>();
        double first = -1;
        while (support.Count < budget)
        {
            double best = 0;
            (int Frame, int Atom) pick = (-1, -1);
            for (int f = 0; f < frames.Length; f++)
                for (int n = 0; n < atoms.Length; n++)
                {
                    double norm = Math.Sqrt(Dot(atoms[n], atoms[n]));
                    if (norm == 0 || support.Contains((f, n))) continue;
                    double score = Math.Abs(Dot(atoms[n], residual[f])) / norm;
                    if (score > best) (best, pick) = (score, (f, n));
                }
            if (pick.Frame < 0 || best <= 1e-5 * (first < 0 ? best : first)) break;
            if (first < 0) first = best;
            support.Add(pick);
            // least squares over the shifted atoms: atoms in different frames are orthogonal, so the normal matrix is
            // block diagonal
            var matrix = new double[support.Count][];
            var right = new double[support.Count];
            for (int i = 0; i < support.Count; i++)
            {
                matrix[i] = new double[support.Count];
                for (int j = 0; j < support.Count; j++)
                    matrix[i][j] = support[i].Frame == support[j].Frame
                        ? Dot(atoms[support[i].Atom], atoms[support[j].Atom]) : 0;
                right[i] = Dot(atoms[support[i].Atom], frames[support[i].Frame]);
            }
            coefficients = Solve(matrix, right);
            for (int f = 0; f < frames.Length; f++) residual[f] = (double[])frames[f].Clone();
            for (int i = 0; i < support.Count; i++)
                for (int d = 0; d < dimension; d++)
                    residual[support[i].Frame][d] -= coefficients[i] * atoms[support[i].Atom][d];
        }
        var result = new double[frames.Length, atoms.Length];
        for (int i = 0; i < support.Count; i++) result[support[i].Frame, support[i].Atom] = coefficients[i];
        return result;
    }

    // min ||frame - sum_i x_i columns[i]||: the normal equations by Gaussian elimination
    private static double[] LeastSquares(double[][] columns, double[] frame)
        => Solve([.. columns.Select(a => columns.Select(b => Dot(a, b)).ToArray())],
            [.. columns.Select(a => Dot(a, frame))]);

    // Gaussian elimination with partial pivoting
    private static double[] Solve(double[][] matrix, double[] right)
    {
        int size = right.Length;
        var a = matrix.Select(row => (double[])row.Clone()).ToArray();
        var x = (double[])right.Clone();
        for (int column = 0; column < size; column++)
        {
            int pivot = Enumerable.Range(column, size - column).MaxBy(r => Math.Abs(a[r][column]));
            (a[column], a[pivot]) = (a[pivot], a[column]);
            (x[column], x[pivot]) = (x[pivot], x[column]);
            for (int r = column + 1; r < size; r++)
            {
                double factor = a[r][column] / a[column][column];
                for (int k = column; k < size; k++) a[r][k] -= factor * a[column][k];
                x[r] -= factor * x[column];
            }
        }
        for (int r = size - 1; r >= 0; r--)
        {
            for (int k = r + 1; k < size; k++) x[r] -= a[r][k] * x[k];
            x[r] /= a[r][r];
        }
        return x;
    }
}
