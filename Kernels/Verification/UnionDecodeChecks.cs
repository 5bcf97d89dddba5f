namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// The union decode over random atoms and codes: Groove-like shapes (one-bar and two-beat frames of 27 rows, 9 of them
/// hit rows), up to four entries a frame with unused (-1) entries, empty frames, an atom chosen twice and exact ties
/// (atoms built from a few levels), lit and dark cells. Every value is one product or one quotient (clamped) of the
/// same floats, so outputs must match exactly.
/// </summary>
public static class UnionDecodeChecks
{
    /// <summary>Every union-decode case.</summary>
    public static IEnumerable<ParityCheck> All()
    {
        yield return Decode(frames: 40, entries: 2, atoms: 30, frameSize: 27 * 16, hitCells: 9 * 16, levels: 0);
        yield return Decode(frames: 300, entries: 2, atoms: 1000, frameSize: 27 * 8, hitCells: 9 * 8, levels: 0);
        yield return Decode(frames: 25, entries: 4, atoms: 12, frameSize: 27 * 4, hitCells: 9 * 4, levels: 3);
        yield return Decode(frames: 3, entries: 1, atoms: 1, frameSize: 6, hitCells: 2, levels: 0);
    }

    private static ParityCheck Decode(int frames, int entries, int atoms, int frameSize, int hitCells, int levels)
        => new("union decode", $"F={frames} E={entries} N={atoms} S={frameSize} H={hitCells}"
            + (levels > 0 ? $" levels={levels}" : ""), h =>
        {
            var values = new float[atoms * frameSize];
            for (int i = 0; i < values.Length; i++)
                values[i] = levels > 0 ? h.Random.Next(levels) / (float)levels : (float)(h.Random.NextDouble() - 0.3);
            var code = new float[2 * frames * entries];
            for (int slot = 0; slot < frames * entries; slot++)
            {
                bool unused = h.Random.NextDouble() < 0.25;
                code[2 * slot] = unused ? -1f : h.Random.Next(atoms);
                code[2 * slot + 1] = unused ? 0f : levels > 0 ? 1f : (float)(0.5 + 1.5 * h.Random.NextDouble());
            }
            var onBothCode = h.Values(code);
            var dictionary = h.Values(values);
            var output = h.Constant(frames * frameSize, float.NaN);
            h.Run(backend => backend.UnionDecode(frames, entries, atoms, frameSize, hitCells, onBothCode[backend],
                dictionary[backend], output[backend]));
            h.Compare("output", output, Tolerance.Exact);
        });
}
