using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Data;

/// <summary>Equal-shape signals [C, T] held on the host, cut into seeded shuffled batches [B, C, T].</summary>
public sealed class SignalSet : IBatchSource
{
    private readonly List<float[]> _items = [];

    public int Channels { get; }
    public int Length { get; }
    public int Count => _items.Count;

    /// <inheritdoc />
    public int LengthOf(int index) => Length;

    public SignalSet(int channels, int length)
    {
        (Channels, Length) = (channels, length);
    }

    // item [C, T]
    public void Add(float[] item)
    {
        if (item.Length != Channels * Length)
            throw new ArgumentException(
                $"a signal of {item.Length} values does not have the set's shape [{Channels}, {Length}]");
        _items.Add(item);
    }

    public float[] this[int index] => _items[index];

    /// <summary>
    /// The indices of every batch of one epoch: a seeded shuffle cut into batches of batchSize (0 = all at once).
    /// </summary>
    public IEnumerable<int[]> Batches(int batchSize, Random shuffle) => BatchPlan.Of(Count, batchSize, shuffle);

    /// <inheritdoc />
    public HostBatch Gather(IReadOnlyList<int> indices) => new(Stack(indices), indices.Count, Channels, Length, null);

    /// <summary>The items at indices stacked into a host array [B, C, T].</summary>
    public float[] Stack(IReadOnlyList<int> indices)
    {
        var stacked = new float[indices.Count * Channels * Length];
        for (int i = 0; i < indices.Count; i++) _items[indices[i]].CopyTo(stacked, i * Channels * Length);
        return stacked;
    }

    /// <summary>
    /// The items at indices uploaded into tensor (reallocated when the batch size changes) [B, C, T].
    /// </summary>
    public Tensor Upload(IComputeBackend backend, IReadOnlyList<int> indices, ref Tensor? tensor)
    {
        var batch = Activations.Ensure(backend, ref tensor, indices.Count, Channels, Length);
        batch.Upload(backend, Stack(indices));
        return batch;
    }
}
