namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// The sparsifiers, whose masks must match the reference bit for bit: k = 1 and k = N, the groove (N = 100,
/// k = 4, also with one step per item, as the groove encoder has) and a wider-than-a-group (N = 300) column, inputs
/// drawn from a few levels to force ties, a single time step, rows longer than a group, and lifetime rates that keep
/// one, some, or all winners.
/// </summary>
public static class SparsityChecks
{
    /// <summary>Every sparsifier case.</summary>
    public static IEnumerable<ParityCheck> All()
    {
        yield return TopK(batch: 2, atoms: 7, length: 5, k: 1);
        yield return TopK(batch: 2, atoms: 7, length: 5, k: 7);
        yield return TopK(batch: 2, atoms: 100, length: 3, k: 4);
        yield return TopK(batch: 1, atoms: 300, length: 2, k: 30);
        yield return TopK(batch: 1, atoms: 1100, length: 2, k: 100, levels: 5);
        yield return TopK(batch: 3, atoms: 16, length: 7, k: 5, levels: 3);
        yield return TopK(batch: 1, atoms: 1, length: 4, k: 1);
        yield return TopK(batch: 37, atoms: 100, length: 1, k: 4);
        yield return TopK(batch: 20, atoms: 16, length: 1, k: 8, levels: 3);
        var random = new Random(3307); // drawn once from a fixed seed, so case names never change
        for (int i = 0; i < 3; i++)
        {
            int atoms = random.Next(1, 400);
            yield return TopK(random.Next(1, 4), atoms, random.Next(1, 9), random.Next(1, atoms + 1),
                levels: random.Next(2) * 4);
        }
        yield return Spatial(batch: 3, atoms: 4, length: 9);
        yield return Spatial(batch: 2, atoms: 5, length: 20, levels: 2);
        yield return Spatial(batch: 2, atoms: 3, length: 1);
        yield return Spatial(batch: 1, atoms: 2, length: 300);
        yield return Lifetime(batch: 5, atoms: 4, length: 6, rate: 0.5f);
        yield return Lifetime(batch: 8, atoms: 3, length: 5, rate: 0.01f, levels: 3);
        yield return Lifetime(batch: 4, atoms: 3, length: 4, rate: 1f);
        yield return Lifetime(batch: 9, atoms: 2, length: 3, rate: 0.3f, levels: 2);
    }

    private static string Describe(int batch, int atoms, int length, int levels)
        => $"B={batch} N={atoms} L={length}" + (levels > 0 ? $" ties ({levels} levels)" : "");

    private static ParityCheck TopK(int batch, int atoms, int length, int k, int levels = 0) => Sparsifier(
        "top-k", Describe(batch, atoms, length, levels) + $" k={k}", batch * atoms * length, levels,
        (backend, z, code, mask) => backend.TopKChannels(batch, atoms, length, k, z, code, mask));

    private static ParityCheck Spatial(int batch, int atoms, int length, int levels = 0) => Sparsifier(
        "spatial winners", Describe(batch, atoms, length, levels), batch * atoms * length, levels,
        (backend, z, code, mask) => backend.SpatialWinners(batch, atoms, length, z, code, mask));

    private static ParityCheck Lifetime(int batch, int atoms, int length, float rate, int levels = 0) => Sparsifier(
        "lifetime winners", Describe(batch, atoms, length, levels) + $" rate={rate}", batch * atoms * length, levels,
        (backend, z, code, mask) => backend.LifetimeWinners(batch, atoms, length, rate, z, code, mask));

    private static ParityCheck Sparsifier(string op, string @case, int size, int levels,
        Action<IComputeBackend, DeviceBuffer, DeviceBuffer, DeviceBuffer> run) => new(op, @case, h =>
        {
            var z = levels > 0 ? h.Levels(size, levels) : h.Uniform(size);
            var code = h.Constant(size, float.NaN);
            var mask = h.Constant(size, float.NaN);
            h.Run(backend => run(backend, z[backend], code[backend], mask[backend]));
            h.Compare("mask", mask, Tolerance.Exact);
            h.Compare("code", code, Tolerance.Exact);
        });
}
