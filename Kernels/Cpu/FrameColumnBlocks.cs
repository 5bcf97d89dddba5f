namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The columns of a frame row [C*K] in blocks of 512-bit vectors: as many blocks of eight vectors (128 columns) as
/// fit, then the rest (one to seven vectors) in one block, each block summed in as many registers at once, and the
/// last C*K % 16 columns in a tail. Vector u of a block starting at column <c>first</c> holds columns first + 16u ..
/// first + 16u + 15, which lie in each frame l of the signal x[C, L*K] at channel (first + 16u) / K, step l*K +
/// (first + 16u) % K: <see cref="SignalOffset"/>. For long frames (K a multiple of 16 that divides 128) each block is
/// whole channels and there is no tail; im2row's rows [L, F] are the signal of one channel whose frames are F long
/// (<see cref="OfRows"/>).
/// </summary>
internal readonly struct FrameColumnBlocks
{
    /// <summary>Floats in one 512-bit vector.</summary>
    public const int VectorWidth = 16;

    /// <summary>Vectors in the widest block.</summary>
    public const int MostVectors = 8;

    private readonly int _fullBlocks, _restVectors, _kernel, _steps, _columns;

    /// <summary>The blocks of a frame row of <paramref name="channels"/> x K columns over L frames.</summary>
    public FrameColumnBlocks(int channels, int kernel, int length)
    {
        _columns = channels * kernel;
        int vectors = _columns / VectorWidth;
        (_fullBlocks, _restVectors, _kernel, _steps) = (vectors / MostVectors, vectors % MostVectors, kernel,
            length * kernel);
    }

    /// <summary>The blocks of L rows of F columns each, one after the other: column c of row l at l*F + c.</summary>
    public static FrameColumnBlocks OfRows(int frameWidth, int length) => new(1, frameWidth, length);

    /// <summary>How many blocks of vectors the row has.</summary>
    public int Count => _fullBlocks + (_restVectors > 0 ? 1 : 0);

    /// <summary>The first column past the last whole vector: the tail runs from here to the row's end.</summary>
    public int TailColumn => (_fullBlocks * MostVectors + _restVectors) * VectorWidth;

    /// <summary>The blocks and, where the row ends in part of a vector, the tail: part <see cref="Count"/>.</summary>
    public int Parts => Count + (TailColumn < _columns ? 1 : 0);

    /// <summary>Block i's first column and its vectors (8, or the rest's 1 to 7).</summary>
    public (int FirstColumn, int Vectors) Block(int i)
    {
        if (i < _fullBlocks) return (i * MostVectors * VectorWidth, MostVectors);
        if (i == _fullBlocks && _restVectors > 0) return (_fullBlocks * MostVectors * VectorWidth, _restVectors);
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
