namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// Between stacked sections [count, C, steps] and the one long signal [C, count steps] that plays them in order, the
/// form a model codes and decodes.
/// </summary>
public static class SectionSignals
{
    /// <summary>sections [count, C, steps] -> signal [C, count steps].</summary>
    public static float[] Join(ReadOnlySpan<float> sections, int count, int channels, int steps)
    {
        var signal = new float[count * channels * steps];
        for (int section = 0; section < count; section++)
            for (int c = 0; c < channels; c++)
                sections.Slice((section * channels + c) * steps, steps)
                    .CopyTo(signal.AsSpan(c * count * steps + section * steps, steps));
        return signal;
    }

    /// <summary>signal [C, count steps] -> sections [count, C, steps].</summary>
    public static float[] Split(ReadOnlySpan<float> signal, int count, int channels, int steps)
    {
        var sections = new float[count * channels * steps];
        for (int section = 0; section < count; section++)
            for (int c = 0; c < channels; c++)
                signal.Slice(c * count * steps + section * steps, steps)
                    .CopyTo(sections.AsSpan((section * channels + c) * steps, steps));
        return sections;
    }
}
