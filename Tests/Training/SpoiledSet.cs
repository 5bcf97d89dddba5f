using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// A set whose batches are spoiled from the n-th gather on (one gather per training batch on the host path, where
/// TrainingFixtures.Train keeps a set it is given): a NaN put in (<see cref="Poisoned"/>) or an exception thrown
/// (<see cref="Failing"/>).
/// </summary>
internal sealed class SpoiledSet(IBatchSource inner, int fromGather, Action<HostBatch> spoil) : IBatchSource
{
    private int _gathers;
    public int Channels => inner.Channels;
    public int Count => inner.Count;
    public int LengthOf(int index) => inner.LengthOf(index);

    public HostBatch Gather(IReadOnlyList<int> indices)
    {
        var batch = inner.Gather(indices);
        if (++_gathers >= fromGather) spoil(batch);
        return batch;
    }

    /// <summary>The set with a NaN in its batches from the n-th gather on.</summary>
    public static SpoiledSet Poisoned(IBatchSource inner, int fromGather)
        => new(inner, fromGather, batch => batch.Values[0] = float.NaN);

    /// <summary>The set that throws <paramref name="error"/> at the n-th gather.</summary>
    public static SpoiledSet Failing(IBatchSource inner, int fromGather, Exception error)
        => new(inner, fromGather, _ => throw error);
}
