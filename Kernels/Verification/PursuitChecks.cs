namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// Batch-OMP over a real dictionary: random atoms of D values and random frames, their correlations and Gram formed in
/// double on the host, so the inputs are consistent as a model's are. Per-frame OMP (groove-like N = 100 too), groups
/// of several frames with a shorter last group, N below one SIMD vector, every atom picked, frames that are exact
/// sparse combinations (the group stops early), and zero frames beside an all-zero atom. The support (which entries are
/// non-zero) must match exactly; the coefficients, solved in float by each backend, within a least-squares tolerance.
/// </summary>
public static class PursuitChecks
{
    /// <summary>Coefficients of a Cholesky solve over up to a few hundred float terms per correlation.</summary>
    private static readonly Tolerance Coefficients = new(1e-4, 1e-3);

    /// <summary>Every matching-pursuit case.</summary>
    public static IEnumerable<ParityCheck> All()
    {
        yield return Pursuit(batch: 3, atoms: 24, length: 4, groupFrames: 1, nonzeros: 4, dimension: 40);
        yield return Pursuit(batch: 2, atoms: 5, length: 7, groupFrames: 3, nonzeros: 4, dimension: 12);
        yield return Pursuit(batch: 2, atoms: 37, length: 5, groupFrames: 2, nonzeros: 6, dimension: 60);
        yield return Pursuit(batch: 2, atoms: 100, length: 2, groupFrames: 1, nonzeros: 8, dimension: 432);
        yield return Pursuit(batch: 2, atoms: 6, length: 3, groupFrames: 1, nonzeros: 6, dimension: 20);
        yield return Pursuit(batch: 2, atoms: 16, length: 8, groupFrames: 4, nonzeros: 5, dimension: 24,
            sparseFrames: 2);
        yield return Pursuit(batch: 2, atoms: 16, length: 8, groupFrames: 4, nonzeros: 5, dimension: 24, zeroAtom: 3,
            zeroFrames: [1, 4, 5, 6, 7]);
        yield return Pursuit(batch: 1, atoms: 9, length: 1, groupFrames: 1, nonzeros: 1, dimension: 16);
    }

    private static ParityCheck Pursuit(int batch, int atoms, int length, int groupFrames, int nonzeros, int dimension,
        int sparseFrames = 0, int zeroAtom = -1, int[]? zeroFrames = null)
    {
        string @case = $"B={batch} N={atoms} L={length} D={dimension} group={groupFrames} s={nonzeros}"
            + (sparseFrames > 0 ? $" exact {sparseFrames}-sparse frames" : "")
            + (zeroAtom >= 0 ? $" zero atom {zeroAtom}" : "")
            + (zeroFrames is null ? "" : $" zero frames {string.Join(",", zeroFrames)}");
        return new ParityCheck("matching pursuit", @case, h =>
        {
            var dictionary = RandomMatrix(h.Random, atoms, dimension);
            if (zeroAtom >= 0) Array.Clear(dictionary[zeroAtom]);
            var frames = new double[batch * length][];
            for (int i = 0; i < frames.Length; i++)
            {
                frames[i] = sparseFrames > 0 ? SparseCombination(h.Random, dictionary, sparseFrames)
                    : RandomMatrix(h.Random, 1, dimension)[0];
                if (zeroFrames is not null && zeroFrames.Contains(i % length)) Array.Clear(frames[i]);
            }
            var correlations = new float[batch * atoms * length];
            for (int b = 0; b < batch; b++)
                for (int n = 0; n < atoms; n++)
                    for (int l = 0; l < length; l++)
                        correlations[(b * atoms + n) * length + l] = (float)Dot(dictionary[n], frames[b * length + l]);
            var gram = new float[atoms * atoms];
            for (int i = 0; i < atoms; i++)
                for (int j = 0; j < atoms; j++) gram[i * atoms + j] = (float)Dot(dictionary[i], dictionary[j]);

            var c = h.Values(correlations);
            var g = h.Values(gram);
            var code = h.Constant(correlations.Length, float.NaN);
            h.Run(backend => backend.MatchingPursuit(batch, atoms, length, groupFrames, nonzeros, c[backend],
                g[backend], code[backend]));
            float[] reference = new float[code.Length], candidate = new float[code.Length];
            h.Reference.Download(code.Reference, reference);
            h.Candidate.Download(code.Candidate, candidate);
            h.Compare("support", Support(reference), Support(candidate), Tolerance.Exact);
            h.Compare("code", code, Coefficients);
        });
    }

    private static double[][] RandomMatrix(Random random, int rows, int columns)
        => [.. Enumerable.Range(0, rows)
            .Select(_ => Enumerable.Range(0, columns).Select(_ => 2 * random.NextDouble() - 1).ToArray())];

    // sum of `count` distinct atoms with coefficients of magnitude 0.5 to 1.5 and random sign
    private static double[] SparseCombination(Random random, double[][] dictionary, int count)
    {
        var frame = new double[dictionary[0].Length];
        foreach (int atom in Enumerable.Range(0, dictionary.Length).OrderBy(_ => random.Next()).Take(count))
        {
            double coefficient = (random.Next(2) * 2 - 1) * (0.5 + random.NextDouble());
            for (int d = 0; d < frame.Length; d++) frame[d] += coefficient * dictionary[atom][d];
        }
        return frame;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static float[] Support(float[] code) => [.. code.Select(value => value != 0f ? 1f : 0f)];
}
