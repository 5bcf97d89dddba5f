namespace TcnWtaNative.Kernels;

/// <summary>
/// Argument checks every backend runs before an op, so a wrong shape is one clear error on any device.
/// </summary>
public static class ConvShapes
{
    /// <summary>Checks a convolution's geometry and buffer sizes.</summary>
    public static void Check(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? bias, DeviceBuffer y)
    {
        g.Validate();
        Expect(x, g.InputSize, "conv input");
        Expect(w, g.WeightSize, "conv weight");
        Expect(y, g.OutputSize, "conv output");
        if (bias is not null) Expect(bias, g.OutChannels, "conv bias");
    }

    internal static void Expect(DeviceBuffer buffer, long expected, string name)
    {
        if (buffer.Length != expected)
            throw new ArgumentException($"{name} holds {buffer.Length} elements where the shape needs {expected}");
    }
}

/// <summary>Checks for the sparsifiers' z, code and mask [B, N, L], and their rules shared by every backend.</summary>
public static class SparsityShapes
{
    /// <summary>
    /// How many of B spatial winners an atom keeps under lifetime sparsity: max(1, ceil(rate*B)).
    /// The product is taken in float on purpose: a float rate such as 0.05f is a little above 0.05, and in double
    /// 0.05f * 100 = 5.00000007 would round up to 6. Rounding the product to float absorbs that representation error
    /// (it is below half an ulp of any whole count below 2^24), so a rate that is a whole fraction of B keeps exactly
    /// rate*B.
    /// </summary>
    public static int LifetimeKeepCount(int batch, float rate)
        => Math.Clamp((int)MathF.Ceiling(rate * batch), 1, batch);

    /// <summary>Checks 1 &lt;= k &lt;= channels.</summary>
    public static void CheckTopK(int atoms, int k)
    {
        if (k < 1 || k > atoms)
            throw new ArgumentOutOfRangeException(nameof(k), $"top-k needs 1 <= k <= N, got k = {k} with N = {atoms}");
    }

    /// <summary>Checks a lifetime rate in (0, 1].</summary>
    public static void CheckRate(float rate)
    {
        if (!(rate > 0f && rate <= 1f))
            throw new ArgumentOutOfRangeException(nameof(rate), $"lifetime rate must lie in (0, 1], got {rate}");
    }

    /// <summary>Checks the input, code and mask buffers of a sparsifier.</summary>
    public static void Check(int batch, int atoms, int length, DeviceBuffer z, DeviceBuffer code, DeviceBuffer mask)
    {
        long size = (long)batch * atoms * length;
        ConvShapes.Expect(z, size, "code input z");
        ConvShapes.Expect(code, size, "code");
        ConvShapes.Expect(mask, size, "code mask");
    }

    internal static Span<float> Span(DeviceBuffer buffer, int batch, int atoms, int length, string name)
        => Cpu.CpuBuffer.SpanOf(buffer, (long)batch * atoms * length, name);
}

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

/// <summary>Checks of <see cref="IComputeBackend.UnionDecode"/>, shared by every backend.</summary>
public static class UnionDecodeShapes
{
    /// <summary>
    /// Checks the sizes (F &gt;= 0, E &gt;= 1, N &gt;= 1, S a positive multiple of H &gt;= 1) and the three buffers.
    /// </summary>
    public static void Check(int frames, int entries, int atoms, int frameSize, int hitCells, DeviceBuffer code,
        DeviceBuffer dictionary, DeviceBuffer output)
    {
        if (frames < 0)
            throw new ArgumentOutOfRangeException(nameof(frames), $"union decode needs frames >= 0, got {frames}");
        if (entries < 1 || atoms < 1)
            throw new ArgumentOutOfRangeException(nameof(entries),
                $"union decode needs at least one entry and one atom, got E = {entries}, N = {atoms}");
        if (hitCells < 1 || frameSize < hitCells || frameSize % hitCells != 0)
            throw new ArgumentOutOfRangeException(nameof(frameSize),
                $"union decode needs frames of a positive multiple of H = {hitCells} values, got S = {frameSize}");
        ConvShapes.Expect(code, 2L * frames * entries, "union decode code");
        ConvShapes.Expect(dictionary, (long)atoms * frameSize, "union decode dictionary");
        ConvShapes.Expect(output, (long)frames * frameSize, "union decode output");
    }
}

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

/// <summary>Checks for losses over [B, C, T] with a time mask [B, T].</summary>
public static class LossShapes
{
    /// <summary>Checks the prediction, target, mask and gradient buffers of a loss.</summary>
    public static void Check(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
    {
        long size = (long)batch * channels * length;
        ConvShapes.Expect(prediction, size, "prediction");
        ConvShapes.Expect(target, size, "target");
        ConvShapes.Expect(gradient, size, "loss gradient");
        if (timeMask is not null) ConvShapes.Expect(timeMask, (long)batch * length, "time mask");
    }

    /// <summary>Checks the buffers of a loss and that <paramref name="loss"/> fits its channels.</summary>
    public static void Check(LossSpec loss, int batch, int channels, int length, DeviceBuffer prediction,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer gradient)
    {
        loss.Validate(channels);
        Check(batch, channels, length, prediction, target, timeMask, gradient);
    }
}

/// <summary>Checks for an Adam step's four equally long buffers.</summary>
public static class AdamShapes
{
    /// <summary>Checks the parameter, gradient and moment buffers of an Adam step.</summary>
    public static void Check(int step, DeviceBuffer parameters, DeviceBuffer gradients, DeviceBuffer firstMoment,
        DeviceBuffer secondMoment)
    {
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), $"Adam steps count from 1, got {step}");
        ConvShapes.Expect(gradients, parameters.Length, "gradients");
        ConvShapes.Expect(firstMoment, parameters.Length, "Adam first moment");
        ConvShapes.Expect(secondMoment, parameters.Length, "Adam second moment");
    }
}
