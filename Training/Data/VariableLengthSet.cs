namespace TcnWtaNative.Training.Data;

/// <summary>
/// Items of different lengths [C, T_i] (MAESTRO pieces, Groove sections in mixed meters), rendered on demand so a
/// compact form (event indices) can stand for a large signal (a one-hot [388, T]). A batch of several is zero-padded
/// to the longest item and masked; nothing is ever truncated.
/// </summary>
public sealed class VariableLengthSet(int channels, IReadOnlyList<int> lengths, Func<int, float[]> render)
    : IBatchSource
{
    /// <inheritdoc />
    public int Channels { get; } = channels;

    /// <inheritdoc />
    public int Count => lengths.Count;

    /// <inheritdoc />
    public int LengthOf(int index) => lengths[index];

    /// <summary>Time steps over all items.</summary>
    public long TotalLength => lengths.Sum(length => (long)length);

    /// <inheritdoc />
    public HostBatch Gather(IReadOnlyList<int> indices)
    {
        if (indices.Count == 1) return new HostBatch(Render(indices[0]), 1, Channels, lengths[indices[0]], null);
        int longest = indices.Max(i => lengths[i]);
        var values = new float[(long)indices.Count * Channels * longest];
        for (int b = 0; b < indices.Count; b++)
        {
            var item = Render(indices[b]);
            int length = lengths[indices[b]];
            for (int c = 0; c < Channels; c++)
                Array.Copy(item, c * length, values, ((long)b * Channels + c) * longest, length);
        }
        var valid = indices.Select(i => lengths[i]).ToArray();
        return new HostBatch(values, indices.Count, Channels, longest,
            valid.All(length => length == longest) ? null : valid);
    }

    // item [C, T_i]
    private float[] Render(int index)
    {
        var item = render(index);
        if (item.Length != (long)Channels * lengths[index])
            throw new InvalidOperationException(
                $"item {index} rendered {item.Length} values, expected [{Channels}, {lengths[index]}]");
        return item;
    }
}
