namespace TcnWtaNative.Kernels;

/// <summary>Checks of <see cref="IComputeBackend.UnionDecode"/>, shared by every backend.</summary>
public static class UnionDecodeShapes
{
    /// <summary>
    /// Checks the sizes (F &gt;= 0, E &gt;= 1, N &gt;= 1, S a positive multiple of H &gt;= 1) and the three buffers.
    /// </summary>
    public static void Check(int frames, int entries, int atoms, int frameSize, int hitCells, DeviceBuffer code,
        DeviceBuffer dictionary, DeviceBuffer output)
    {
        if (frames < 0)
            throw new ArgumentOutOfRangeException(nameof(frames), $"union decode needs frames >= 0, got {frames}");
        if (entries < 1 || atoms < 1)
            throw new ArgumentOutOfRangeException(nameof(entries),
                $"union decode needs at least one entry and one atom, got E = {entries}, N = {atoms}");
        if (hitCells < 1 || frameSize < hitCells || frameSize % hitCells != 0)
            throw new ArgumentOutOfRangeException(nameof(frameSize),
                $"union decode needs frames of a positive multiple of H = {hitCells} values, got S = {frameSize}");
        ConvShapes.Expect(code, 2L * frames * entries, "union decode code");
        ConvShapes.Expect(dictionary, (long)atoms * frameSize, "union decode dictionary");
        ConvShapes.Expect(output, (long)frames * frameSize, "union decode output");
    }
}
