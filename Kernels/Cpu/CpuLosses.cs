using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

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
    public static float Mse(int batch, int channels, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> timeMask, Span<float> gradient)
        => Reduce<SquaredError>(batch, channels, length, y, x, timeMask, gradient);

    /// <summary>
    /// y, x, gradient [B, C, T], timeMask [B, T] or empty -> mean of |y - x| over unmasked entries;
    /// gradient = sign((y - x) mask) / count. Returns 0 (and a zero gradient) when nothing is unmasked.
    /// </summary>
    public static float L1(int batch, int channels, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> timeMask, Span<float> gradient)
        => Reduce<AbsoluteError>(batch, channels, length, y, x, timeMask, gradient);

    // What distinguishes the two losses: the per-entry term summed, and its derivative written over the difference.
    internal interface IErrorTerm
    {
        static abstract double Sum(ReadOnlySpan<float> difference);
        // difference -> d(term)/d(y) * scale, in place; scale = 1 / count
        static abstract void ToGradient(Span<float> difference, float scale);
    }

    internal readonly struct SquaredError : IErrorTerm
    {
        public static double Sum(ReadOnlySpan<float> difference) => TensorPrimitives.SumOfSquares(difference);
        public static void ToGradient(Span<float> difference, float scale) => TensorPrimitives.Multiply(difference, 2 * scale, difference);
    }

    internal readonly struct AbsoluteError : IErrorTerm
    {
        public static double Sum(ReadOnlySpan<float> difference) => TensorPrimitives.SumOfMagnitudes(difference);
        public static void ToGradient(Span<float> difference, float scale)
        {
            for (int t = 0; t < difference.Length; t++) difference[t] = MathF.Sign(difference[t]) * scale;
        }
    }

    // mean of TTerm over unmasked entries, segment by segment: with a mask one per batch item (its [C, T] block), without
    // the signal in runs of 4096 (short rows and blocks would cost a call each)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Reduce<TTerm>(int batch, int channels, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> timeMask, Span<float> gradient)
        where TTerm : struct, IErrorTerm
    {
        double count = UnmaskedCount(batch, channels, length, timeMask);
        int size = timeMask.IsEmpty ? UnmaskedSegment : channels * length;
        float scale = GradientScale(count);
        double total = 0;
        for (int start = 0; start < gradient.Length; start += size)
            total += Stretch<TTerm>(start, Math.Min(size, gradient.Length - start), channels, length, y, x, timeMask, gradient, scale);
        return Mean(total, count);
    }

    private const int UnmaskedSegment = 4096;

    /// <summary>
    /// The error terms of entries [start, start + size) of [B, C, T], summed; their gradient, (y - x) * mask turned into
    /// d(term)/d(y) * scale, written over the same range while it is still in L1. With a mask the range must hold whole rows of T.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Stretch<TTerm>(int start, int size, int channels, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> x,
        ReadOnlySpan<float> timeMask, Span<float> gradient, float scale) where TTerm : struct, IErrorTerm
    {
        var difference = gradient.Slice(start, size);
        TensorPrimitives.Subtract(y.Slice(start, size), x.Slice(start, size), difference);
        if (!timeMask.IsEmpty) ApplyTimeMask(start / length, size / length, channels, length, timeMask, difference);
        double sum = TTerm.Sum(difference);
        TTerm.ToGradient(difference, scale);
        return sum;
    }

    // rows [firstRow, firstRow + rows) of [B*C, T], held in difference, times the time mask of their batch item (where it is not all ones)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ApplyTimeMask(int firstRow, int rows, int channels, int length, ReadOnlySpan<float> timeMask, Span<float> difference)
    {
        for (int r = 0; r < rows; r++)
        {
            var itemMask = timeMask.Slice((firstRow + r) / channels * length, length);
            if (!itemMask.ContainsAnyExcept(1f)) continue;
            var row = difference.Slice(r * length, length);
            TensorPrimitives.Multiply(row, itemMask, row);
        }
    }

    /// <summary>C * (number of unmasked time steps): what the loss is the mean over.</summary>
    internal static double UnmaskedCount(int batch, int channels, int length, ReadOnlySpan<float> timeMask)
        => (double)channels * (timeMask.IsEmpty ? (double)batch * length : TensorPrimitives.Sum(timeMask));

    /// <summary>1 / count, what each entry's derivative is scaled by (0 when nothing is unmasked).</summary>
    internal static float GradientScale(double count) => count == 0 ? 0f : (float)(1.0 / count);

    /// <summary>The summed terms over their count (0 when nothing is unmasked).</summary>
    internal static float Mean(double total, double count) => count == 0 ? 0f : (float)(total / count);
}
