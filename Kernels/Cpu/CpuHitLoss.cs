using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The hits loss (<see cref="LossKind.Hits"/>) over prediction, target [B, C, T] with an optional 0/1 time mask [B, T]:
/// sigmoid cross-entropy on the H hit rows, hit-weighted squared error on the value rows, row by row, eight lanes at a
/// time. Returns the mean over unmasked entries (accumulated in double, as <see cref="CpuLosses"/>) and writes the
/// gradient.
/// </summary>
public static class CpuHitLoss
{
    /// <summary>
    /// y, x, gradient [B, C, T], timeMask [B, T] or empty -> the hits loss over H = <paramref name="hitChannels"/>, as
    /// <see cref="IComputeBackend.HitLoss"/> defines it. Returns 0 (and a zero gradient) when nothing is unmasked.
    /// </summary>
    public static float Compute(int batch, int channels, int length, int hitChannels, ReadOnlySpan<float> y,
        ReadOnlySpan<float> x, ReadOnlySpan<float> timeMask, Span<float> gradient)
    {
        double count = CpuLosses.UnmaskedCount(batch, channels, length, timeMask);
        float scale = CpuLosses.GradientScale(count);
        int item = channels * length;
        double total = 0;
        for (int start = 0; start < gradient.Length; start += item)
            total += Stretch(start, item, channels, length, hitChannels, y, x, timeMask, gradient, scale);
        return CpuLosses.Mean(total, count);
    }

    /// <summary>
    /// The terms of entries [start, start + size) of [B, C, T], which must hold whole rows of T, summed; their gradient
    /// times
    /// <paramref name="scale"/> written over the same range. A value row reads the target's hit row of the same batch
    /// item.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Stretch(int start, int size, int channels, int length, int hitChannels,
        ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> timeMask, Span<float> gradient, float scale)
    {
        double sum = 0;
        for (int row = start / length; row < (start + size) / length; row++)
        {
            int b = row / channels, c = row % channels;
            var mask = timeMask.IsEmpty ? default : timeMask.Slice(b * length, length);
            var yRow = y.Slice(row * length, length);
            var xRow = x.Slice(row * length, length);
            var gradientRow = gradient.Slice(row * length, length);
            sum += c < hitChannels
                ? CrossEntropyTerms(yRow, xRow, mask, gradientRow, scale)
                : WeightedSquareTerms(yRow, xRow,
                    x.Slice((b * channels + (c - hitChannels) % hitChannels) * length, length), mask, gradientRow,
                    scale);
        }
        return sum;
    }

    // y logits, x targets [T]: gradient = (sigmoid(y) - x) * mask * scale; returns sum of (max(y,0) - y x + log(1 +
    // e^-|y|)) * mask
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double CrossEntropyTerms(ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> mask,
        Span<float> gradient, float scale)
    {
        var lanes = Vector256<float>.Zero;
        int n = 0;
        for (; n <= y.Length - Vector256<float>.Count; n += Vector256<float>.Count)
        {
            var logit = Vector256.Create(y.Slice(n, Vector256<float>.Count));
            var target = Vector256.Create(x.Slice(n, Vector256<float>.Count));
            var weight = mask.IsEmpty ? Vector256<float>.One : Vector256.Create(mask.Slice(n, Vector256<float>.Count));
            var small = Vector256.Exp(-Vector256.Abs(logit));   // e^-|y| in (0, 1]: neither it nor 1 + it overflows
            var inverse = Vector256<float>.One / (Vector256<float>.One + small);
            var sigmoid = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(logit, Vector256<float>.Zero),
                inverse, small * inverse);
            lanes += weight * (Vector256.Max(logit, Vector256<float>.Zero) - logit * target
                + Vector256.Log(Vector256<float>.One + small));
            (weight * (sigmoid - target) * scale).CopyTo(gradient.Slice(n, Vector256<float>.Count));
        }
        double sum = Vector256.Sum(lanes);
        for (; n < y.Length; n++)
        {
            float weight = mask.IsEmpty ? 1f : mask[n];
            float small = MathF.Exp(-MathF.Abs(y[n]));
            float inverse = 1f / (1f + small);
            float sigmoid = y[n] >= 0 ? inverse : small * inverse;
            sum += weight * (MathF.Max(y[n], 0f) - y[n] * x[n] + MathF.Log(1f + small));
            gradient[n] = weight * (sigmoid - x[n]) * scale;
        }
        return sum;
    }

    // y, x, hit [T]: gradient = 2 hit (y - x) * mask * scale; returns sum of hit (y - x)^2 * mask
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double WeightedSquareTerms(ReadOnlySpan<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> hit,
        ReadOnlySpan<float> mask, Span<float> gradient, float scale)
    {
        var lanes = Vector256<float>.Zero;
        int n = 0;
        for (; n <= y.Length - Vector256<float>.Count; n += Vector256<float>.Count)
        {
            var difference = Vector256.Create(y.Slice(n, Vector256<float>.Count)) - Vector256.Create(
                x.Slice(n, Vector256<float>.Count));
            var weight = Vector256.Create(hit.Slice(n, Vector256<float>.Count));
            if (!mask.IsEmpty) weight *= Vector256.Create(mask.Slice(n, Vector256<float>.Count));
            lanes += weight * difference * difference;
            (weight * difference * (2 * scale)).CopyTo(gradient.Slice(n, Vector256<float>.Count));
        }
        double sum = Vector256.Sum(lanes);
        for (; n < y.Length; n++)
        {
            float difference = y[n] - x[n];
            float weight = mask.IsEmpty ? hit[n] : hit[n] * mask[n];
            sum += weight * difference * difference;
            gradient[n] = weight * difference * (2 * scale);
        }
        return sum;
    }
}
