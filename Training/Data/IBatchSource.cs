namespace TcnWtaNative.Training.Data;

/// <summary>
/// A batch on the host: <see cref="Values"/> is row-major [Batch, Channels, Length]. Items shorter than Length are
/// zero-padded on the right; <see cref="ValidLengths"/> (null when every item fills Length) says where each ends,
/// so the padding is masked out of the loss.
/// </summary>
public sealed record HostBatch(float[] Values, int Batch, int Channels, int Length, int[]? ValidLengths)
{
    /// <summary>Signal values that count in the loss: C times the valid steps of every item.</summary>
    public long ValidValues => (long)Channels * (ValidLengths?.Sum(length => (long)length) ?? (long)Batch * Length);

    /// <summary>
    /// The frame [C, K] of batch item <paramref name="item"/> that starts at step <paramref name="start"/>, as [C*K]
    /// values.
    /// </summary>
    public float[] Frame(int item, int start, int frameLength)
    {
        if (item < 0 || item >= Batch || start < 0 || start + frameLength > Length)
            throw new ArgumentOutOfRangeException(nameof(start),
                $"a {frameLength}-step frame at item {item}, step {start} lies outside a batch "
                + $"[{Batch}, {Channels}, {Length}]");
        var frame = new float[Channels * frameLength];
        for (int c = 0; c < Channels; c++)
            Array.Copy(Values, (item * Channels + c) * Length + start, frame, c * frameLength, frameLength);
        return frame;
    }
}

/// <summary>A dataset of signals [C, T_i] that the trainer cuts into batches.</summary>
public interface IBatchSource
{
    /// <summary>C: channels of every item.</summary>
    int Channels { get; }

    /// <summary>Items in the set.</summary>
    int Count { get; }

    /// <summary>Time steps of item index.</summary>
    int LengthOf(int index);

    /// <summary>
    /// The items at indices as one batch [B, C, max T_i], zero-padded and masked where lengths differ; never truncated.
    /// </summary>
    HostBatch Gather(IReadOnlyList<int> indices);

    /// <summary>
    /// <see cref="Gather"/> for a caller that is done with each batch before it asks for the next (an upload): the
    /// values may be an array the source fills again on its next call of this method, which spares a set that renders
    /// its batches a fresh array (and fresh pages) per batch. The default is <see cref="Gather"/>.
    /// </summary>
    HostBatch GatherTransient(IReadOnlyList<int> indices) => Gather(indices);
}

/// <summary>
/// How an epoch visits a set: a shuffled (or, for validation, ordered) sequence of batches of indices.
/// </summary>
public static class BatchPlan
{
    /// <summary>
    /// 0..count-1, shuffled by shuffle when given, cut into batches of batchSize (0 = all at once). A batch that holds
    /// the whole set keeps the set's order, shuffle or not: any order is the same batch (a full-batch epoch's gradient
    /// is a sum over every item), and the set's own order is one a resident set hands over without a copy
    /// (<see cref="ResidentBatches"/>).
    /// </summary>
    public static IReadOnlyList<int[]> Of(int count, int batchSize, Random? shuffle)
    {
        var order = Enumerable.Range(0, count).ToArray();
        int size = batchSize <= 0 ? Math.Max(1, count) : batchSize;
        if (size < count) shuffle?.Shuffle(order);
        var batches = new List<int[]>();
        for (int start = 0; start < count; start += size) batches.Add(order[start..Math.Min(count, start + size)]);
        return batches;
    }
}
