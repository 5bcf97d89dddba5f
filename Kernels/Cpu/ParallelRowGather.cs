namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// destination[r, :] = source[indices[r], :] (rows of rowLength floats) on all cores: a batch gathered from a
/// training set kept in memory (17,424 groove bars, 30 MB, every full-batch epoch) is bound by memory bandwidth, which
/// one core alone does not reach. Items are runs of whole rows sized by <see cref="ElementChunks"/>. The caller has
/// checked every index (<see cref="HostMemoryBackend.GatherRows"/>). Reused per thread, so a gather allocates nothing.
/// </summary>
public sealed class ParallelRowGather : ParallelJob
{
    private const int LargestChunk = 1 << 16;
    [ThreadStatic] private static ParallelRowGather? _forThisThread;
    private float[] _source = [], _indices = [], _destination = [];
    private int _sourceOffset, _indicesOffset, _destinationOffset, _rowLength, _rows, _rowsPerItem;

    /// <summary>Gathers <paramref name="rows"/> rows whose indices are whole numbers of rows inside the source.
    /// </summary>
    public static void Run(int rows, int rowLength, CpuBuffer source, CpuBuffer indices, CpuBuffer destination)
    {
        var job = _forThisThread ??= new();
        (job._source, job._sourceOffset) = (source.Storage, source.Offset);
        (job._indices, job._indicesOffset) = (indices.Storage, indices.Offset);
        (job._destination, job._destinationOffset) = (destination.Storage, destination.Offset);
        (job._rows, job._rowLength) = (rows, rowLength);
        long floats = (long)rows * rowLength;
        int chunk = ElementChunks.Size((int)Math.Min(floats, int.MaxValue), LargestChunk);
        job._rowsPerItem = Math.Max(1, chunk / Math.Max(1, rowLength));
        CoreWorkers.Run(job, (rows + job._rowsPerItem - 1) / job._rowsPerItem);
        (job._source, job._indices, job._destination) = ([], [], []);
    }

    /// <inheritdoc />
    public override void Run(int index, int worker)
    {
        int first = index * _rowsPerItem, last = Math.Min(_rows, first + _rowsPerItem), length = _rowLength;
        for (int r = first; r < last; r++)
        {
            long from = _sourceOffset + (long)_indices[_indicesOffset + r] * length;
            _source.AsSpan((int)from, length).CopyTo(_destination.AsSpan(_destinationOffset + r * length, length));
        }
    }
}
