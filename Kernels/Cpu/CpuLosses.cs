using System.Numerics.Tensors;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// MSE and L1 over prediction, target [B, C, T] with an optional 0/1 time mask [B, T]; each returns the mean over
/// unmasked entries (accumulated in double) and writes d(loss)/d(prediction) into gradient.
/// </summary>
public static class CpuLosses
{
    public static float Mse(int batch, int channels, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> timeMask, Span<float> gradient)
    {
        double count = UnmaskedCount(batch, channels, length, timeMask);
        double total = 0;
        for (int row = 0; row < batch * channels; row++)
        {
            var difference = MaskedDifference(row, channels, length, y, x, timeMask, gradient);
            total += TensorPrimitives.SumOfSquares(difference);
        }
        TensorPrimitives.Multiply(gradient, count == 0 ? 0f : (float)(2.0 / count), gradient);
        return count == 0 ? 0f : (float)(total / count);
    }

    public static float L1(int batch, int channels, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> timeMask, Span<float> gradient)
    {
        double count = UnmaskedCount(batch, channels, length, timeMask);
        float scale = count == 0 ? 0f : (float)(1.0 / count);
        double total = 0;
        for (int row = 0; row < batch * channels; row++)
        {
            var difference = MaskedDifference(row, channels, length, y, x, timeMask, gradient);
            total += TensorPrimitives.SumOfMagnitudes(difference);
            for (int t = 0; t < length; t++) difference[t] = MathF.Sign(difference[t]) * scale;
        }
        return count == 0 ? 0f : (float)(total / count);
    }

    // gradient row = (y - x) * mask for signal row (b, c); returns that row
    private static Span<float> MaskedDifference(int row, int channels, int length, ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> timeMask, Span<float> gradient)
    {
        var difference = gradient.Slice(row * length, length);
        TensorPrimitives.Subtract(y.Slice(row * length, length), x.Slice(row * length, length), difference);
        if (!timeMask.IsEmpty) TensorPrimitives.Multiply(difference, timeMask.Slice(row / channels * length, length), difference);
        return difference;
    }

    // C * (number of unmasked time steps)
    private static double UnmaskedCount(int batch, int channels, int length, ReadOnlySpan<float> timeMask)
        => (double)channels * (timeMask.IsEmpty ? (double)batch * length : TensorPrimitives.Sum(timeMask));
}
