namespace TcnWtaNative.Engine.Inference;

/// <summary>Time-axis edits of host signals stored row-major [C, T]: one row per channel.</summary>
public static class SignalRows
{
    /// <summary>rows [C, paddedLength] -> the first <paramref name="length"/> steps of each row [C, length].</summary>
    public static float[] TrimToLength(float[] rows, int channels, int paddedLength, int length)
        => length == paddedLength ? rows : Slice(rows, channels, paddedLength, 0, length);

    /// <summary>
    /// rows [C, rowLength] -> steps [<paramref name="start"/>, + <paramref name="count"/>) of each row: [C, count].
    /// </summary>
    public static float[] Slice(float[] rows, int channels, int rowLength, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (channels < 0 || start < 0 || count < 0 || (long)start + count > rowLength
            || rows.Length != (long)channels * rowLength)
            throw new ArgumentException(
                $"steps {start}..{start + count - 1} of rows [{channels}, {rowLength}] holding {rows.Length} values");
        var slice = new float[channels * count];
        for (int c = 0; c < channels; c++) Array.Copy(rows, c * rowLength + start, slice, c * count, count);
        return slice;
    }

    /// <summary>
    /// rows [C, length] -> [C, paddedLength] (paddedLength &gt;= length), zeros after each row's end.
    /// </summary>
    public static float[] PadToLength(float[] rows, int channels, int length, int paddedLength)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (channels < 0 || length < 0 || rows.Length != (long)channels * length)
            throw new ArgumentException($"rows [{channels}, {length}] cannot hold {rows.Length} values");
        if (paddedLength == length) return rows;
        ArgumentOutOfRangeException.ThrowIfLessThan(paddedLength, length);
        var padded = new float[Values(channels, paddedLength)];
        for (int c = 0; c < channels; c++) Array.Copy(rows, c * length, padded, c * paddedLength, length);
        return padded;
    }

    /// <summary>Signals, each [C, <paramref name="steps"/>], one after another in time: [C, count * steps].</summary>
    public static float[] Concatenate(IReadOnlyList<float[]> signals, int channels, int steps)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (channels < 0 || steps < 0)
            throw new ArgumentException($"signals of [{channels}, {steps}]: a size cannot be negative");
        var joined = new float[Values(channels, (long)signals.Count * steps)];
        int total = signals.Count * steps;
        for (int s = 0; s < signals.Count; s++)
        {
            if (signals[s] is null || signals[s].Length != (long)channels * steps)
                throw new ArgumentException(
                    $"signal {s} holds {signals[s]?.Length ?? 0} values, not [{channels}, {steps}]");
            for (int c = 0; c < channels; c++) Array.Copy(signals[s], c * steps, joined, c * total + s * steps, steps);
        }
        return joined;
    }

    // the values of rows [channels, length], refused past the largest array
    private static int Values(int channels, long length)
    {
        long count = channels * length;
        if (length > int.MaxValue || count > Array.MaxLength)
            throw new ArgumentException($"rows [{channels}, {length}] would hold {count:N0} values, more than an "
                + $"array holds ({Array.MaxLength:N0})");
        return (int)count;
    }
}
