namespace TcnWtaNative.Kernels;

/// <summary>Checks and constants of <see cref="IComputeBackend.MatchingPursuit"/>, shared by every backend.</summary>
public static class PursuitShapes
{
    /// <summary>
    /// A group stops once its largest normalized residual correlation is at most this fraction of its first step's:
    /// the frames are then explained to float precision (the correlations themselves carry rounding of about 1e-6 of
    /// that scale for a few hundred terms per frame, so a smaller threshold would pick atoms for rounding noise).
    /// </summary>
    public const float StopTolerance = 1e-5f;

    /// <summary>
    /// An atom whose new Cholesky pivot is at most this fraction of g[n,n] (its part outside the span of the frame's
    /// chosen atoms is under 1% of its norm) counts as linearly dependent on them and is skipped: a float pivot of an
    /// exactly dependent atom is rounding noise, not zero.
    /// </summary>
    public const float PivotTolerance = 1e-4f;

    /// <summary>Groups per batch item: ceil(length / groupFrames).</summary>
    public static int GroupsPerItem(int length, int groupFrames) => (length + groupFrames - 1) / groupFrames;

    /// <summary>Most atoms one frame of a group can hold: min(nonzerosPerGroup, atoms).</summary>
    public static int PicksPerFrame(int atoms, int nonzerosPerGroup) => Math.Min(atoms, nonzerosPerGroup);

    /// <summary>
    /// Floats of the Cholesky rows of one group: each pick's row is its frame's earlier picks plus the pivot.
    /// </summary>
    public static long CholeskySize(int atoms, int nonzerosPerGroup)
        => (long)nonzerosPerGroup * (PicksPerFrame(atoms, nonzerosPerGroup) + 1) / 2;

    /// <summary>
    /// Checks the sizes, the group length and the budget (1 &lt;= nonzerosPerGroup &lt;= atoms * groupFrames) and the
    /// buffers.
    /// </summary>
    public static void Check(int batch, int atoms, int length, int groupFrames, int nonzerosPerGroup,
        DeviceBuffer correlations, DeviceBuffer gram, DeviceBuffer code)
    {
        if (batch < 0 || length < 0)
            throw new ArgumentException(
                $"matching pursuit needs batch >= 0 and length >= 0, got B = {batch}, L = {length}");
        if (atoms < 1)
            throw new ArgumentOutOfRangeException(nameof(atoms),
                $"matching pursuit needs at least one atom, got N = {atoms}");
        if (groupFrames < 1)
            throw new ArgumentOutOfRangeException(nameof(groupFrames),
                $"a pursuit group needs at least one frame, got {groupFrames}");
        if (nonzerosPerGroup < 1 || nonzerosPerGroup > (long)atoms * groupFrames)
            throw new ArgumentOutOfRangeException(nameof(nonzerosPerGroup),
                $"matching pursuit needs 1 <= non-zeros per group <= N * group frames = "
                + $"{(long)atoms * groupFrames}, got {nonzerosPerGroup}");
        long size = (long)batch * atoms * length;
        ConvShapes.Expect(correlations, size, "pursuit correlations");
        ConvShapes.Expect(gram, (long)atoms * atoms, "pursuit gram");
        ConvShapes.Expect(code, size, "pursuit code");
    }
}
