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
    private interface IErrorTerm
    {
        static abstract double Sum(ReadOnlySpan<float> difference);
        // difference -> d(term)/d(y) * scale, in place; scale = 1 / count
        static abstract void ToGradient(Span<float> difference, float scale);
    }

    private readonly struct SquaredError : IErrorTerm
    {
        public static double Sum(ReadOnlySpan<float> difference) => TensorPrimitives.SumOfSquares(difference);
        public static void ToGradient(Span<float> difference, float scale) => TensorPrimitives.Multiply(difference, 2 * scale, difference);
    }

    private readonly struct AbsoluteError : IErrorTerm
    {
        public static double Sum(ReadOnlySpan<float> difference) => TensorPrimitives.SumOfMagnitudes(difference);
        public static void ToGradient(Span<float> difference, float scale)
        {
            for (int t = 0; t < difference.Length; t++) difference[t] = MathF.Sign(difference[t]) * scale;
        }
    }

    // mean of TTerm over unmasked entries; the gradient is formed segment by segment while each is still in L1
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Reduce<TTerm>(int batch, int channels, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> timeMask, Span<float> gradient)
        where TTerm : struct, IErrorTerm
    {
        double count = UnmaskedCount(batch, channels, length, timeMask);
        float scale = count == 0 ? 0f : (float)(1.0 / count);
        double total = 0;
        for (int segment = 0; segment < Segments(batch, channels, length, timeMask); segment++)
        {
            var difference = MaskedDifference(segment, channels, length, y, x, timeMask, gradient);
            total += TTerm.Sum(difference);
            TTerm.ToGradient(difference, scale);
        }
        return count == 0 ? 0f : (float)(total / count);
    }

    private const int UnmaskedSegment = 4096;

    // With a mask, one segment per batch item (its [C, T] block); without, the signal in runs of 4096 (short rows
    // and blocks would cost a call each).
    private static int Segments(int batch, int channels, int length, ReadOnlySpan<float> timeMask)
        => timeMask.IsEmpty ? (batch * channels * length + UnmaskedSegment - 1) / UnmaskedSegment : batch;

    // gradient segment = (y - x) * mask (see Segments; the mask multiply only where the item has masked steps); returns that segment
    private static Span<float> MaskedDifference(int segment, int channels, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> timeMask, Span<float> gradient)
    {
        int size = timeMask.IsEmpty ? UnmaskedSegment : channels * length;
        int start = segment * size;
        var difference = gradient.Slice(start, Math.Min(size, gradient.Length - start));
        TensorPrimitives.Subtract(y.Slice(start, difference.Length), x.Slice(start, difference.Length), difference);
        if (timeMask.IsEmpty) return difference;
        var itemMask = timeMask.Slice(segment * length, length);
        if (!itemMask.ContainsAnyExcept(1f)) return difference;
        for (int c = 0; c < channels; c++)
        {
            var row = difference.Slice(c * length, length);
            TensorPrimitives.Multiply(row, itemMask, row);
        }
        return difference;
    }

    // C * (number of unmasked time steps)
    private static double UnmaskedCount(int batch, int channels, int length, ReadOnlySpan<float> timeMask)
        => (double)channels * (timeMask.IsEmpty ? (double)batch * length : TensorPrimitives.Sum(timeMask));
}
