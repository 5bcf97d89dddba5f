namespace TcnWtaNative.Tests.Support;

/// <summary>
/// Deterministic test data: every generator takes a seed, so a failing test fails the same way every run.
/// Doubles are the primary form (the gradient checks run in float64); <see cref="ToFloat"/> converts for the float
/// backends.
/// </summary>
public static class RandomTensors
{
    /// <summary>Values drawn uniformly from [low, high).</summary>
    public static double[] Uniform(int length, int seed, double low = -1, double high = 1)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = low + (high - low) * random.NextDouble();
        return values;
    }

    /// <summary>Uniform values in float, drawn as <see cref="Uniform"/> then rounded.</summary>
    public static float[] UniformFloat(int length, int seed, double low = -1, double high = 1)
        => ToFloat(Uniform(length, seed, low, high));

    /// <summary>
    /// Values with |v| in [margin, high] and a random sign: safe for finite differences of kinked ops (ReLU, |.|).
    /// </summary>
    public static double[] AwayFromZero(int length, int seed, double margin, double high = 1)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
            values[i] = (random.Next(2) == 0 ? -1 : 1) * (margin + (high - margin) * random.NextDouble());
        return values;
    }

    /// <summary>
    /// Pairwise distinct values, any two at least <paramref name="gap"/> apart, in random order, centred on zero:
    /// for selection ops (top-k, winners) whose choice must not change under a small perturbation.
    /// </summary>
    public static double[] Distinct(int length, int seed, double gap)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, length).ToArray();
        random.Shuffle(order);
        double offset = gap * random.NextDouble();
        return order.Select(rank => (rank - length / 2) * gap + offset).ToArray();
    }

    /// <summary>Integers from [low, high] as values: heavy ties, to test tie-breaking rules.</summary>
    public static double[] SmallIntegers(int length, int seed, int low, int high)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = random.Next(low, high + 1);
        return values;
    }

    /// <summary>
    /// A 0/1 mask where each entry is 1 with probability <paramref name="keep"/>; entry 0 is always 1 so the mask is
    /// never empty.
    /// </summary>
    public static double[] BinaryMask(int length, int seed, double keep = 0.5)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = i == 0 || random.NextDouble() < keep ? 1 : 0;
        return values;
    }

    /// <summary>
    /// A drum-like grid [B, C, T] for the hits loss: uniform values in [-1, 1], except the first
    /// <paramref name="hitChannels"/> rows of each batch item, which are 0/1 (1 with probability 0.3).
    /// </summary>
    public static double[] HitGrid(int batch, int channels, int length, int hitChannels, int seed)
    {
        var random = new Random(seed);
        var values = Uniform(batch * channels * length, seed + 1);
        for (int i = 0; i < values.Length; i++)
            if (i / length % channels < hitChannels) values[i] = random.NextDouble() < 0.3 ? 1 : 0;
        return values;
    }

    public static float[] ToFloat(ReadOnlySpan<double> values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = (float)values[i];
        return result;
    }

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
