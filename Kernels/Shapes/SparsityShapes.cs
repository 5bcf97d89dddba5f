namespace TcnWtaNative.Kernels;

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
