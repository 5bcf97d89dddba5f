using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Revival;

/// <summary>
/// How often each atom won since the last reset, counted on the backend: wins[N] += sum over b and l of mask[b, n, l]
/// (the bias gradient's reduction, <see cref="IComputeBackend.BiasBackward"/>), downloaded only when read. The counts
/// are whole numbers held in float32, exact below 2^24 wins per atom.
/// </summary>
public sealed class AtomWinCounter : IDisposable
{
    private readonly IComputeBackend _backend;
    private readonly DeviceBuffer _wins;

    /// <summary>A counter for wins.Length atoms, starting from wins (a resumed epoch's counts so far).</summary>
    public AtomWinCounter(IComputeBackend backend, IReadOnlyList<long> wins)
    {
        _backend = backend;
        _wins = backend.Allocate(wins.Count);
        backend.Upload(wins.Select(count => (float)count).ToArray(), _wins);
    }

    /// <summary>Adds the winners of a code mask [B, N, L].</summary>
    public void Count(Tensor mask)
    {
        if (mask.Channels != _wins.Length)
            throw new ArgumentException($"a mask {mask} does not hold {_wins.Length} atoms");
        _backend.BiasBackward(mask.Batch, mask.Channels, mask.Length, mask.Buffer, _wins, accumulate: true);
    }

    /// <summary>The wins of each atom so far.</summary>
    public long[] Read()
    {
        var wins = new float[_wins.Length];
        _backend.Download(_wins, wins);
        return [.. wins.Select(count => (long)count)];
    }

    /// <summary>Starts counting from zero.</summary>
    public void Reset() => _backend.Fill(_wins, 0f);

    public void Dispose() => _wins.Dispose();
}
