using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// How far generated drums' dynamics and feel are from real ones: per drum class, the 1-D Wasserstein-1 (earth
/// mover's) distance between the generated hits' velocities and the held-out hits' velocities, and the same for
/// offsets, averaged over the classes weighted by each class's share of the held-out hits (<see cref="HitValues"/>).
/// A distribution comparison, blind to which hit carries which value: the hits themselves are
/// <see cref="GenerationScore"/>'s.
/// </summary>
public static class HitValueDistance
{
    /// <summary>
    /// The class-weighted velocity and offset distances of <paramref name="generated"/> from
    /// <paramref name="heldOut"/>. A class the generated sections never hit has no distance: the weights are
    /// renormalized over the classes both hit, and both distances are null when there are none.
    /// </summary>
    public static (double? Velocity, double? Offset) Between(HitValues generated, HitValues heldOut)
    {
        double weights = 0, velocity = 0, offset = 0;
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
        {
            int weight = heldOut.HitsOf(drum);
            if (weight == 0 || generated.HitsOf(drum) == 0) continue;
            weights += weight;
            velocity += weight * Wasserstein1(generated.Velocities(drum), heldOut.Velocities(drum));
            offset += weight * Wasserstein1(generated.Offsets(drum), heldOut.Offsets(drum));
        }
        return weights == 0 ? (null, null) : (velocity / weights, offset / weights);
    }

    /// <summary>
    /// The Wasserstein-1 distance between the empirical distributions of <paramref name="a"/> and
    /// <paramref name="b"/>, both sorted ascending and non-empty: the integral over u in [0, 1] of
    /// |A⁻¹(u) − B⁻¹(u)|, the mean |difference| of their quantiles, exact for samples of different sizes.
    /// </summary>
    public static double Wasserstein1(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.IsEmpty || b.IsEmpty)
            throw new ArgumentException("the Wasserstein distance needs two non-empty samples");
        // quantile u = position / (n m): a's i-th value holds u in [i m, (i + 1) m), b's j-th in [j n, (j + 1) n)
        long n = a.Length, m = b.Length, position = 0;
        int i = 0, j = 0;
        double sum = 0;
        while (position < n * m)
        {
            long next = Math.Min((i + 1) * m, (j + 1) * n);
            sum += (next - position) * Math.Abs((double)a[i] - b[j]);
            position = next;
            if (position == (i + 1) * m) i++;
            if (position == (j + 1) * n) j++;
        }
        return sum / (n * m);
    }
}
