namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// Between stacked bars [count, C, steps] and the one long signal [C, count steps] that plays them in order, the form
/// a model codes and decodes.
/// </summary>
public static class BarSignals
{
    /// <summary>bars [count, C, steps] -> signal [C, count steps].</summary>
    public static float[] Join(ReadOnlySpan<float> bars, int count, int channels, int steps)
    {
        var signal = new float[count * channels * steps];
        for (int bar = 0; bar < count; bar++)
            for (int c = 0; c < channels; c++)
                bars.Slice((bar * channels + c) * steps, steps)
                    .CopyTo(signal.AsSpan(c * count * steps + bar * steps, steps));
        return signal;
    }

    /// <summary>signal [C, count steps] -> bars [count, C, steps].</summary>
    public static float[] Split(ReadOnlySpan<float> signal, int count, int channels, int steps)
    {
        var bars = new float[count * channels * steps];
        for (int bar = 0; bar < count; bar++)
            for (int c = 0; c < channels; c++)
                signal.Slice(c * count * steps + bar * steps, steps)
                    .CopyTo(bars.AsSpan((bar * channels + c) * steps, steps));
        return bars;
    }
}
