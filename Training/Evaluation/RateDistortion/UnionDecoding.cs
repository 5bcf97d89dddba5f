using TcnWtaNative.Engine.Inference;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// Decoding a sparse code as the union of its atoms' lit hits (the union code, <see cref="UnionGainCoder"/>): at each
/// hit cell (drum, step) of a frame the atom whose g * hit value there is the largest decodes the cell, and the
/// velocity and offset at that drum and step, as g * atom; the earlier entry wins ties. So a cell is lit at 0.5 where
/// any g * atom lights it. One entry decodes exactly as the linear decoder, g * atom; with more it is a max where the
/// linear decoder sums. Any number of entries per frame: the union coder's two, or a mix's several.
/// </summary>
public static class UnionDecoding
{
    /// <summary>
    /// A code [N, L] over atoms [N, C, K] (hit rows first, <paramref name="hitCells"/> = 9 K values) -> signal
    /// [C, L K]: each column's non-zeros, in atom order, decoded as one frame (<see cref="DecodeFrame"/>).
    /// </summary>
    public static float[] Decode(ReadOnlySpan<float> atoms, int channels, int frameLength, int hitCells,
        SparseCode code)
    {
        int frameSize = channels * frameLength, steps = code.Columns * frameLength;
        if (atoms.Length != code.Atoms * frameSize)
            throw new ArgumentException(
                $"a code over {code.Atoms} atoms of [{channels}, {frameLength}] needs {code.Atoms * frameSize} atom "
                + $"values, got {atoms.Length}");
        var signal = new float[channels * steps];
        var frame = new float[frameSize];
        var entries = new List<(int Atom, float Gain)>();
        for (int l = 0; l < code.Columns; l++)
        {
            entries.Clear();
            for (int n = 0; n < code.Atoms; n++)
                if (code[n, l] != 0) entries.Add((n, code[n, l]));
            DecodeFrame(atoms, hitCells, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(entries), frame);
            for (int c = 0; c < channels; c++)
                frame.AsSpan(c * frameLength, frameLength).CopyTo(signal.AsSpan(c * steps + l * frameLength));
        }
        return signal;
    }

    /// <summary>
    /// One frame: atoms [N, C, K] on the host (hit rows first, <paramref name="hitCells"/> = 9 K values), the frame's
    /// non-zeros as (atom, gain) <paramref name="entries"/> -> <paramref name="frame"/> [C, K], overwritten (zero where
    /// there is no entry).
    /// </summary>
    public static void DecodeFrame(ReadOnlySpan<float> atoms, int hitCells, ReadOnlySpan<(int Atom, float Gain)> entries,
        Span<float> frame)
    {
        int frameSize = frame.Length;
        if (hitCells < 1 || frameSize % hitCells != 0)
            throw new ArgumentException($"frames of {frameSize} values do not hold rows of {hitCells} hit cells");
        frame.Clear();
        if (entries.IsEmpty) return;
        for (int cell = 0; cell < hitCells; cell++)
        {
            var (atom, gain) = Responsible(atoms, frameSize, entries, cell);
            for (int row = cell; row < frameSize; row += hitCells)
                frame[row] = gain * atoms[atom * frameSize + row];
        }
    }

    /// <summary>
    /// The entry that decodes hit cell <paramref name="cell"/>: the largest g * hit value there, the earliest on
    /// ties (<paramref name="entries"/> not empty).
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
}
