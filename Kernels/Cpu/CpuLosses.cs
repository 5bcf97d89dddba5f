using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// MSE and L1 over prediction, target [B, C, T] with an optional 0/1 time mask [B, T]; each returns the mean over
/// unmasked entries (accumulated in double) and writes d(loss)/d(prediction) into gradient.
/// </summary>
public static class CpuLosses
{
    /// <summary>
    /// y, x, gradient [B, C, T], timeMask [B, T] or empty -> mean of (y - x)^2 over unmasked entries;
    /// gradient = 2 (y - x) mask / count. Returns 0 (and a zero gradient) when nothing is unmasked.
    /// </summary>
    public static float Mse(int batch, int channels, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> x,
        ReadOnlySpan<float> timeMask, Span<float> gradient)
        => Reduce<SquaredError>(batch, channels, length, y, x, timeMask, gradient);

    /// <summary>
    /// y, x, gradient [B, C, T], timeMask [B, T] or empty -> mean of |y - x| over unmasked entries;
    /// gradient = sign((y - x) mask) / count. Returns 0 (and a zero gradient) when nothing is unmasked.
    /// </summary>
    public static float L1(int batch, int channels, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> x,
        ReadOnlySpan<float> timeMask, Span<float> gradient)
        => Reduce<AbsoluteError>(batch, channels, length, y, x, timeMask, gradient);

    // What distinguishes the two losses: the per-entry term summed, and its derivative times scale (= 1 / count), eight
    // lanes at a time and one by one for a tail. Written out rather than through TensorPrimitives, whose package ships
    // IL only: its methods would run unoptimized through the first steps, once per stretch of a fused loss.
    internal interface IErrorTerm
    {
        static abstract Vector256<float> Term(Vector256<float> difference);
        static abstract Vector256<float> Derivative(Vector256<float> difference, float scale);
        static abstract float Term(float difference);
        static abstract float Derivative(float difference, float scale);
    }

    internal readonly struct SquaredError : IErrorTerm
    {
        public static Vector256<float> Term(Vector256<float> difference) => difference * difference;
        public static Vector256<float> Derivative(Vector256<float> difference, float scale) => difference * (2 * scale);
        public static float Term(float difference) => difference * difference;
        public static float Derivative(float difference, float scale) => difference * (2 * scale);
    }

    internal readonly struct AbsoluteError : IErrorTerm
    {
        public static Vector256<float> Term(Vector256<float> difference) => Vector256.Abs(difference);
        // sign(difference) * scale, sign(0) = 0
        public static Vector256<float> Derivative(Vector256<float> difference, float scale)
            => (Vector256.GreaterThan(difference,
                Vector256<float>.Zero) & Vector256.Create(scale)) - (Vector256.LessThan(difference,
                Vector256<float>.Zero) & Vector256.Create(scale));
        public static float Term(float difference) => MathF.Abs(difference);
        public static float Derivative(float difference, float scale)
            => difference > 0 ? scale : difference < 0 ? -scale : 0f;
    }

    // mean of TTerm over unmasked entries, segment by segment: with a mask one per batch item (its [C, T] block),
    // without the signal in runs of 4096
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Reduce<TTerm>(int batch, int channels, int length, ReadOnlySpan<float> y,
        ReadOnlySpan<float> x, ReadOnlySpan<float> timeMask, Span<float> gradient)
        where TTerm : struct, IErrorTerm
    {
        double count = UnmaskedCount(batch, channels, length, timeMask);
        int size = timeMask.IsEmpty ? UnmaskedSegment : channels * length;
        float scale = GradientScale(count);
        double total = 0;
        for (int start = 0; start < gradient.Length; start += size)
            total += Stretch<TTerm>(start, Math.Min(size, gradient.Length - start), channels, length, y, x, timeMask,
                gradient, scale);
        return Mean(total, count);
    }

    private const int UnmaskedSegment = 4096;

    /// <summary>
    /// The error terms of entries [start, start + size) of [B, C, T], summed; their gradient, the derivative of the
    /// term at (y - x) * mask times scale, written over the same range in the same pass. With a mask the range must
    /// hold whole rows of T.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Stretch<TTerm>(int start, int size, int channels, int length, ReadOnlySpan<float> y,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> timeMask, Span<float> gradient, float scale) where TTerm : struct, IErrorTerm
    {
        if (timeMask.IsEmpty)
            return Terms<TTerm>(y.Slice(start, size), x.Slice(start, size), default, gradient.Slice(start, size),
                scale);
        double sum = 0;
        for (int row = start / length; row < (start + size) / length; row++)
            sum += Terms<TTerm>(y.Slice(row * length, length), x.Slice(row * length, length),
                timeMask.Slice(row / channels * length, length), gradient.Slice(row * length, length), scale);
        return sum;
    }

    // gradient = TTerm's derivative at d = (y - x) * mask (no mask: all ones) times scale; returns the sum of TTerm(d)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Terms<TTerm>(ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> mask,
        Span<float> gradient, float scale)
        where TTerm : struct, IErrorTerm
    {
        var lanes = Vector256<float>.Zero;
        int n = 0;
        for (; n <= y.Length - Vector256<float>.Count; n += Vector256<float>.Count)
        {
            var difference = Vector256.Create(y.Slice(n, Vector256<float>.Count)) - Vector256.Create(
                x.Slice(n, Vector256<float>.Count));
            if (!mask.IsEmpty) difference *= Vector256.Create(mask.Slice(n, Vector256<float>.Count));
            lanes += TTerm.Term(difference);
            TTerm.Derivative(difference, scale).CopyTo(gradient.Slice(n, Vector256<float>.Count));
        }
        double sum = Vector256.Sum(lanes);
        for (; n < y.Length; n++)
        {
            float difference = mask.IsEmpty ? y[n] - x[n] : (y[n] - x[n]) * mask[n];
            sum += TTerm.Term(difference);
            gradient[n] = TTerm.Derivative(difference, scale);
        }
        return sum;
    }

    /// <summary>C * (number of unmasked time steps): what the loss is the mean over.</summary>
    internal static double UnmaskedCount(int batch, int channels, int length, ReadOnlySpan<float> timeMask)
        => (double)channels * (timeMask.IsEmpty ? (double)batch * length : TensorPrimitives.Sum(timeMask));

    /// <summary>1 / count, what each entry's derivative is scaled by (0 when nothing is unmasked).</summary>
    internal static float GradientScale(double count) => count == 0 ? 0f : (float)(1.0 / count);

    /// <summary>The summed terms over their count (0 when nothing is unmasked).</summary>
    internal static float Mean(double total, double count) => count == 0 ? 0f : (float)(total / count);
}
