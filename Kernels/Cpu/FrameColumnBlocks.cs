using System.Numerics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The columns of a frame row [C*K] (K a multiple of 16 that divides 128) in blocks of 512-bit vectors, each block
/// whole channels: as many blocks of eight vectors (128 columns) as fit, then the rest in one block each of four, two
/// and one vectors, as its count's bits say. Vector u of a block starting at column <c>first</c> holds columns
/// first + 16u .. first + 16u + 15, which lie in each frame l of the signal x[C, L*K] at channel (first + 16u) / K,
/// step l*K + (first + 16u) % K: <see cref="SignalOffset"/>.
/// </summary>
internal readonly struct FrameColumnBlocks
{
    /// <summary>Floats in one 512-bit vector.</summary>
    public const int VectorWidth = 16;

    /// <summary>Vectors in the widest block.</summary>
    public const int MostVectors = 8;

    private readonly int _fullBlocks, _restVectors, _kernel, _steps;

    /// <summary>The blocks of a frame row of <paramref name="channels"/> x K columns over L frames.</summary>
    public FrameColumnBlocks(int channels, int kernel, int length)
    {
        int vectors = channels * kernel / VectorWidth;
        (_fullBlocks, _restVectors, _kernel, _steps) = (vectors / MostVectors, vectors % MostVectors, kernel,
            length * kernel);
    }

    /// <summary>How many blocks the row has.</summary>
    public int Count => _fullBlocks + BitOperations.PopCount((uint)_restVectors);

    /// <summary>Block i's first column and its vectors (8, 4, 2 or 1).</summary>
    public (int FirstColumn, int Vectors) Block(int i)
    {
        if (i < _fullBlocks) return (i * MostVectors * VectorWidth, MostVectors);
        int vector = _fullBlocks * MostVectors;
        for (int size = MostVectors / 2; size > 0; size /= 2)
        {
            if ((_restVectors & size) == 0) continue;
            if (i == _fullBlocks) return (vector * VectorWidth, size);
            vector += size;
            i--;
        }
        throw new ArgumentOutOfRangeException(nameof(i), "past the row's last block");
    }

    /// <summary>The channels [first, first + count) that block i covers.</summary>
    public (int First, int Count) Channels(int i)
    {
        var (column, vectors) = Block(i);
        return (column / _kernel, vectors * VectorWidth / _kernel);
    }

    /// <summary>Where column <paramref name="column"/> of frame 0 lies in an item's signal [C, L*K].</summary>
    public int SignalOffset(int column) => column / _kernel * _steps + column % _kernel;
}
