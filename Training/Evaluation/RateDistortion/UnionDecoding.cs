using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// Decoding a sparse code as the union of its atoms' lit hits (the union code, <see cref="UnionGainCoder"/>, and the
/// gain code, <see cref="GainSearchCoder"/>, as one entry per frame), by <see cref="IComputeBackend.UnionDecode"/>: at
/// each hit cell (drum, step) of a frame the atom whose g * h, h its hit value there, is the largest decodes the cell;
/// the earlier entry wins ties. The hit is g * h, so a cell is lit at 0.5 where any g * atom lights it. At a lit cell
/// the velocity and offset at that drum and step are the atom's own conditional values, its velocity and offset over
/// h (clamped to their ranges), which do not depend on the gain; at a dark cell they are g * atom. One entry lights
/// the cells the linear decoder g * atom lights; with more it is a max where the linear decoder sums. Any number of
/// entries per frame: the gain code's one, the union coder's two, or a mix's several.
/// </summary>
public static class UnionDecoding
{
    /// <summary>
    /// A code [N, L] over atoms [N, C, K] on the backend (<paramref name="dictionary"/>, hit rows first,
    /// <paramref name="hitCells"/> = 9 K values) -> signal [C, L K]: each column's non-zeros, in atom order, decoded as
    /// one frame.
    /// </summary>
    public static float[] Decode(IComputeBackend backend, DeviceBuffer dictionary, int channels, int frameLength,
        int hitCells, SparseCode code)
    {
        var (entries, perFrame) = Entries(code);
        var frames = DecodeFrames(backend, dictionary, code.Atoms, channels * frameLength, hitCells, entries,
            code.Columns, perFrame);
        return BarSegments.Paste(frames, 1, channels, code.Columns * frameLength, frameLength);
    }

    /// <summary>
    /// Frames' entries [frames, perFrame, 2] (atom or -1, gain) over atoms [N, S] on the backend -> the decoded frames
    /// [frames, S] on the host.
    /// </summary>
    public static float[] DecodeFrames(IComputeBackend backend, DeviceBuffer dictionary, int atoms, int frameSize,
        int hitCells, float[] entries, int frames, int perFrame)
    {
        var decoded = new float[frames * frameSize];
        using var code = backend.Allocate(entries.Length);
        using var output = backend.Allocate(decoded.Length);
        backend.Upload(entries, code);
        backend.UnionDecode(frames, perFrame, atoms, frameSize, hitCells, code, dictionary, output);
        backend.Download(output, decoded);
        return decoded;
    }

    /// <summary>
    /// The entry that decodes hit cell <paramref name="cell"/> of atoms [N, frameSize] on the host: the largest
    /// g * hit value there, the earliest on ties (<paramref name="entries"/> not empty). The rule of
    /// <see cref="IComputeBackend.UnionDecode"/>, for the callers that need the atom rather than the values.
    /// </summary>
    public static (int Atom, float Gain) Responsible(ReadOnlySpan<float> atoms, int frameSize,
        ReadOnlySpan<(int Atom, float Gain)> entries, int cell)
    {
        var best = entries[0];
        float bestValue = best.Gain * atoms[best.Atom * frameSize + cell];
        for (int i = 1; i < entries.Length; i++)
        {
            float value = entries[i].Gain * atoms[entries[i].Atom * frameSize + cell];
            if (value > bestValue) (best, bestValue) = (entries[i], value);
        }
        return best;
    }

    // code [N, L] -> its columns' non-zeros as entries [L, E, 2] (atom order, -1 past a column's last), E the most of
    // any column (at least 1)
    private static (float[] Entries, int PerFrame) Entries(SparseCode code)
    {
        int perFrame = 1;
        for (int l = 0; l < code.Columns; l++)
            perFrame = Math.Max(perFrame, Enumerable.Range(0, code.Atoms).Count(n => code[n, l] != 0));
        var entries = new float[2 * code.Columns * perFrame];
        for (int l = 0; l < code.Columns; l++)
        {
            int used = 0;
            for (int n = 0; n < code.Atoms; n++)
                if (code[n, l] != 0)
                    (entries[2 * (l * perFrame + used)], entries[2 * (l * perFrame + used++) + 1]) = (n, code[n, l]);
            for (; used < perFrame; used++) entries[2 * (l * perFrame + used)] = -1f;
        }
        return (entries, perFrame);
    }
}
