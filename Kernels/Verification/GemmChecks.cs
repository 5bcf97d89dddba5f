namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// GEMM in all four transpose combinations, beta 0 (over NaN) and 1, sizes that are not multiples of a tile, and
/// small outputs over deep reductions, which split K into slices that do not divide K (on every device: see
/// <see cref="Ilgpu.SplitKPlan"/>; one or two output tiles split even on a single multiprocessor). Shapes sized for
/// the ILGPU register-blocked kernel's 64x64 block and 16-deep K tile: past one block on each side, 1 wide, K below one
/// tile and across many, with and without the aligned runs its vector loads need; and outputs of 143 blocks, which take
/// that kernel by shape on every device of up to 143 multiprocessors (<see cref="Ilgpu.GemmTilePlan"/>).
/// </summary>
public static class GemmChecks
{
    /// <summary>Every GEMM case.</summary>
    public static IEnumerable<ParityCheck> All()
    {
        foreach (bool transposeA in new[] { false, true })
        foreach (bool transposeB in new[] { false, true })
        {
            yield return Gemm(transposeA, transposeB, 33, 17, 40, alpha: 1f, beta: 0f);
            yield return Gemm(transposeA, transposeB, 33, 17, 40, alpha: 0.5f, beta: 1f);
        }
        yield return Gemm(false, false, 1, 1, 1, alpha: 1f, beta: 0f);
        yield return Gemm(false, true, 65, 70, 37, alpha: -1.5f, beta: 1f);
        yield return Gemm(true, false, 7, 45, 100, alpha: 1f, beta: 0f);
        var random = new Random(1101); // shapes drawn once from a fixed seed, so case names never change
        for (int i = 0; i < 4; i++)
            yield return Gemm(random.Next(2) == 1, random.Next(2) == 1, random.Next(1, 80), random.Next(1, 80),
                random.Next(1, 80), alpha: 1f, beta: random.Next(2));
        yield return Gemm(true, false, 20, 24, 700, alpha: 1f, beta: 0f);
        yield return Gemm(false, false, 40, 8, 600, alpha: 0.5f, beta: 1f);
        yield return Gemm(false, true, 3, 5, 650, alpha: -1f, beta: 1f);
        foreach (var check in BlockShapes()) yield return check;
    }

    // K and N multiples of 4 (runs along them load as vectors) against nothing aligned, 1-wide outputs, K = 5 below one
    // 16-deep tile, K = 388 across 25 of them, and two outputs of 11 x 13 blocks of 64, aligned and ragged.
    private static IEnumerable<ParityCheck> BlockShapes()
    {
        foreach (bool transposeA in new[] { false, true })
        foreach (bool transposeB in new[] { false, true })
        {
            yield return Gemm(transposeA, transposeB, 130, 68, 52, alpha: 1f, beta: 0f);
            yield return Gemm(transposeA, transposeB, 67, 129, 35, alpha: -0.5f, beta: 1f);
        }
        yield return Gemm(false, false, 1, 150, 20, alpha: 1f, beta: 0f);
        yield return Gemm(true, true, 150, 1, 20, alpha: 1f, beta: 1f);
        yield return Gemm(false, true, 70, 90, 5, alpha: 1f, beta: 0f);
        yield return Gemm(true, false, 64, 64, 388, alpha: 1f, beta: 1f);
        yield return Gemm(false, false, 700, 800, 24, alpha: 1f, beta: 0f);
        yield return Gemm(true, false, 701, 803, 27, alpha: 1f, beta: 1f);
    }

    private static ParityCheck Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, float beta)
        => new(
        "gemm", $"{(transposeA ? 'T' : 'N')}{(transposeB ? 'T' : 'N')} m={m} n={n} k={k} alpha={alpha} beta={beta}",
            h =>
        {
            var a = h.Uniform(m * k);
            var b = h.Uniform(k * n);
            var c = beta == 0f ? h.Constant(m * n, float.NaN) : h.Uniform(m * n);
            h.Run(backend => backend.Gemm(transposeA, transposeB, m, n, k, alpha, a[backend], b[backend], beta,
                c[backend]));
            h.Compare("c", c, h.Gemm);
        });
}
