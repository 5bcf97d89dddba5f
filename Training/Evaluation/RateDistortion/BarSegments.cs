namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// Bars [count, C, T] cut into non-overlapping segments of S steps, each a row [C, S] (the layout of a model's frame
/// and atom [C, K]), and pasted back. Segment s of bar i is row i * (T / S) + s.
/// </summary>
public static class BarSegments
{
    /// <summary>bars [count, C, T] -> segments [count * T/S, C * S].</summary>
    public static float[] Cut(float[] bars, int count, int channels, int steps, int segmentSteps)
    {
        int perBar = Check(bars.Length, count, channels, steps, segmentSteps);
        var segments = new float[bars.Length];
        for (int i = 0; i < count; i++)
            for (int s = 0; s < perBar; s++)
                for (int c = 0; c < channels; c++)
                    bars.AsSpan((i * channels + c) * steps + s * segmentSteps, segmentSteps)
                        .CopyTo(segments.AsSpan(((i * perBar + s) * channels + c) * segmentSteps, segmentSteps));
        return segments;
    }

    /// <summary>segments [count * T/S, C * S] -> bars [count, C, T]; the inverse of <see cref="Cut"/>.</summary>
    public static float[] Paste(float[] segments, int count, int channels, int steps, int segmentSteps)
    {
        int perBar = Check(segments.Length, count, channels, steps, segmentSteps);
        var bars = new float[segments.Length];
        for (int i = 0; i < count; i++)
            for (int s = 0; s < perBar; s++)
                for (int c = 0; c < channels; c++)
                    segments.AsSpan(((i * perBar + s) * channels + c) * segmentSteps, segmentSteps)
                        .CopyTo(bars.AsSpan((i * channels + c) * steps + s * segmentSteps, segmentSteps));
        return bars;
    }

    private static int Check(int values, int count, int channels, int steps, int segmentSteps)
    {
        if (segmentSteps < 1 || steps % segmentSteps != 0)
            throw new ArgumentException($"bars of {steps} steps do not cut into segments of {segmentSteps} steps");
        if (values != count * channels * steps)
            throw new ArgumentException(
                $"{count} bars of [{channels}, {steps}] hold {count * channels * steps} values, got {values}");
        return steps / segmentSteps;
    }
}
