namespace TcnWtaNative.Kernels;

/// <summary>Checks of <see cref="IComputeBackend.ThresholdSearch"/>, shared by every backend.</summary>
public static class ThresholdSearchShapes
{
    /// <summary>A target cell counts as a hit where its value is above this (GrooveGrid.HitLevel, which Kernels cannot
    /// reference; a test keeps them equal).</summary>
    public const float HitLevel = 0.5f;

    /// <summary>
    /// The order input of scores [N, D]: each row's cell indices, as floats, by descending score (ties: lower index
    /// first).
    /// </summary>
    public static float[] DescendingOrder(float[] scores, int atoms, int cells)
    {
        if (scores.Length != (long)atoms * cells)
            throw new ArgumentException(
                $"scores [{atoms}, {cells}] need {(long)atoms * cells} values, got {scores.Length}");
        var order = new float[scores.Length];
        for (int n = 0; n < atoms; n++)
        {
            int row = n * cells;
            var sorted = Enumerable.Range(0, cells).OrderByDescending(d => scores[row + d]).ThenBy(d => d)
                .Select(d => (float)d);
            sorted.ToArray().CopyTo(order, row);
        }
        return order;
    }

    /// <summary>
    /// Checks the sizes (F &gt;= 0, N &gt;= 1, D &gt;= 1), the minimum cut (&gt;= 0) and the buffers (preference
    /// [F, N] where given).
    /// </summary>
    public static void Check(int frames, int atoms, int cells, float minimumCut, DeviceBuffer targets,
        DeviceBuffer scores, DeviceBuffer order, DeviceBuffer? preference, DeviceBuffer choice)
    {
        if (frames < 0)
            throw new ArgumentOutOfRangeException(nameof(frames), $"threshold search needs frames >= 0, got {frames}");
        if (atoms < 1)
            throw new ArgumentOutOfRangeException(nameof(atoms),
                $"threshold search needs at least one atom, got N = {atoms}");
        if (cells < 1)
            throw new ArgumentOutOfRangeException(nameof(cells),
                $"threshold search needs at least one cell, got D = {cells}");
        if (!(minimumCut >= 0f))
            throw new ArgumentOutOfRangeException(nameof(minimumCut),
                $"threshold search needs a minimum cut >= 0, got {minimumCut}");
        ConvShapes.Expect(targets, (long)frames * cells, "threshold search targets");
        ConvShapes.Expect(scores, (long)atoms * cells, "threshold search scores");
        ConvShapes.Expect(order, (long)atoms * cells, "threshold search order");
        if (preference is not null) ConvShapes.Expect(preference, (long)frames * atoms, "threshold search preference");
        ConvShapes.Expect(choice, 2L * frames, "threshold search choice");
    }
}
