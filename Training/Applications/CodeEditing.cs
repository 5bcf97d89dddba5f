using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Edits of sparse codes [N, L] on the host, before decoding: the channel top-k among a chosen atom set (denoise and
/// simplify code again over the kept atoms), trade one piece's main atoms for another's (swap), and mix two codes then
/// re-apply the channel top-k winner-take-all, keeping the mixed energy (interpolate). Every edit returns a new code
/// and leaves its inputs alone.
/// </summary>
public static class CodeEditing
{
    /// <summary>
    /// Pairs piece A's i-th most used atom with piece B's i-th most used, for the <paramref name="count"/> most used of
    /// each (fewer when either piece uses fewer atoms), from their usage [N] (summed activation,
    /// <see cref="SparseCode.Usage"/>): the pairs (A's atom, B's atom) in usage order. Moving A's activations along
    /// them (<see cref="MoveAtoms"/>) swaps the pieces' main atoms: A's rhythm and timing, B's vocabulary.
    /// </summary>
    public static IReadOnlyList<(int From, int To)> PairTopAtoms(float[] usageA, float[] usageB, int count)
    {
        if (count < 1) throw new ArgumentException($"the number of atoms to swap must be at least 1, got {count}");
        return [.. SparseCode.TopOf(usageA, count).Zip(SparseCode.TopOf(usageB, count), (x, y) => (x.Atom, y.Atom))];
    }

    /// <summary>
    /// The code with each activation of a pair's first atom moved onto its second (added to what is there).
    /// </summary>
    public static SparseCode MoveAtoms(SparseCode code, IReadOnlyList<(int From, int To)> pairs)
    {
        var target = Enumerable.Range(0, code.Atoms).ToArray();
        foreach (var (from, to) in pairs) target[from] = to;
        var values = new float[code.Values.Length];
        for (int n = 0; n < code.Atoms; n++)
            for (int l = 0; l < code.Columns; l++) values[target[n] * code.Columns + l] += code[n, l];
        return code with { Values = values };
    }

    /// <summary>
    /// (1 - t) a + t b, then the channel top-k of each column (ties to the lower atom), so a mix is as sparse as
    /// the model's codes. The codes must have the same shape.
    /// </summary>
    public static SparseCode Interpolate(IComputeBackend backend, SparseCode a, SparseCode b, double t, int k)
    {
        if (a.Atoms != b.Atoms || a.Columns != b.Columns)
            throw new ArgumentException(
                $"codes of shape [{a.Atoms}, {a.Columns}] and [{b.Atoms}, {b.Columns}] cannot be mixed");
        if (!(t >= 0 && t <= 1)) throw new ArgumentException($"the mixing weight must lie in [0, 1], got {t}");
        var mix = new float[a.Values.Length];
        for (int i = 0; i < mix.Length; i++) mix[i] = (float)((1 - t) * a.Values[i] + t * b.Values[i]);
        return TopKPerColumn(backend, a with { Values = mix }, k, allowed: null);
    }

    /// <summary>
    /// <paramref name="mix"/> with each column l scaled to the norm (1 - t) |a[:, l]| + t |b[:, l]| (L2 over atoms),
    /// so a mix of two codes keeps their energy: the top-k of a half-and-half mix keeps values about half as large as
    /// either code's, which decode to a nearly silent middle. Columns the top-k left empty stay empty.
    /// </summary>
    public static SparseCode KeepMixedEnergy(SparseCode mix, SparseCode a, SparseCode b, double t)
    {
        var values = (float[])mix.Values.Clone();
        for (int l = 0; l < mix.Columns; l++)
        {
            double target = (1 - t) * ColumnNorm(a, l) + t * ColumnNorm(b, l), actual = ColumnNorm(mix, l);
            if (actual == 0) continue;
            for (int n = 0; n < mix.Atoms; n++) values[n * mix.Columns + l] *= (float)(target / actual);
        }
        return mix with { Values = values };
    }

    private static double ColumnNorm(SparseCode code, int column)
    {
        double sum = 0;
        for (int n = 0; n < code.Atoms; n++) sum += (double)code[n, column] * code[n, column];
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// The channel top-k winner-take-all of every column (the k largest values kept, ties to the lower atom), chosen
    /// among <paramref name="allowed"/> atoms only (all when null): a smaller dictionary for the same activations.
    /// Atoms outside the set are zero. Runs the backend's <see cref="IComputeBackend.TopKChannels"/> on [1, N, L].
    /// </summary>
    public static SparseCode TopKPerColumn(IComputeBackend backend, SparseCode code, int k, IReadOnlySet<int>? allowed)
    {
        if (k < 1 || k > code.Atoms) throw new ArgumentException($"k must lie in [1, {code.Atoms}], got {k}");
        var candidates = code.Values;
        if (allowed is not null)
        {
            CheckAtoms(allowed, code.Atoms);
            candidates = (float[])code.Values.Clone();
            for (int n = 0; n < code.Atoms; n++)
                if (!allowed.Contains(n))
                    candidates.AsSpan(n * code.Columns, code.Columns).Fill(float.NegativeInfinity);
        }
        using var z = backend.Allocate(candidates.Length);
        using var winners = backend.Allocate(candidates.Length);
        using var mask = backend.Allocate(candidates.Length);
        backend.Upload(candidates, z);
        backend.TopKChannels(1, code.Atoms, code.Columns, k, z, winners, mask);
        var values = new float[candidates.Length];
        backend.Download(winners, values);
        for (int i = 0; i < values.Length; i++)
            if (float.IsNegativeInfinity(values[i])) values[i] = 0;
        return code with { Values = values };
    }

    /// <summary>Columns [first, first + count) of a code: [N, count].</summary>
    public static SparseCode Columns(SparseCode code, int first, int count)
    {
        if (first < 0 || count < 1 || first + count > code.Columns)
            throw new ArgumentException(
                $"columns {first}..{first + count - 1} lie outside a code of {code.Columns} columns");
        var values = new float[code.Atoms * count];
        for (int n = 0; n < code.Atoms; n++)
            Array.Copy(code.Values, n * code.Columns + first, values, n * count, count);
        return new SparseCode(code.Atoms, count, values);
    }

    /// <summary>Atoms with at least one non-zero value.</summary>
    public static IReadOnlySet<int> UsedAtoms(SparseCode code)
        => Enumerable.Range(0, code.Atoms)
            .Where(n => code.Values.AsSpan(n * code.Columns, code.Columns).ContainsAnyExcept(0f)).ToHashSet();

    /// <summary>Throws unless every atom of the set lies in [0, <paramref name="count"/>).</summary>
    internal static void CheckAtoms(IReadOnlySet<int> atoms, int count)
    {
        foreach (int n in atoms)
            if (n < 0 || n >= count)
                throw new ArgumentException($"atom {n} does not exist; the model has atoms 0 to {count - 1}");
    }
}
