using static Common;

/// <summary>
/// The union-of-layers code: each K-step frame [27, K] is coded by two atoms with gains, decoded as the union of their
/// lit hit cells (cell lit where g_i * atom_i &gt; 0.5 for either); velocity and offset, and the hit value, come from
/// the atom with the larger g * value at each (drum, step). Greedy and hit-aware: atom 1 by the gain search, atom 2 by
/// the gain search on the cells atom 1 leaves dark, then <see cref="RefinePasses"/> passes of re-choosing each atom
/// with the other's lit cells as don't-care (exact coordinate descent on the union's wrong-cell count).
/// </summary>
sealed class UnionCoder
{
    public const float MinimumCut = 0.5f / 2f; // GainSearchCoder.MaxRelativeGain = 2
    readonly float[] _atoms, _scores, _peaks;
    readonly int[] _order;
    readonly int _count, _frame, _cells, _frameSize;
    public int RefinePasses { get; init; } = int.TryParse(Environment.GetEnvironmentVariable("U12_PASSES"), out int p) ? p : 1;

    public UnionCoder(float[] atoms, int count, int frameLength)
    {
        (_atoms, _count, _frame) = (atoms, count, frameLength);
        (_cells, _frameSize) = (Drums * frameLength, Channels * frameLength);
        _scores = new float[count * _cells];
        _peaks = new float[count];
        _order = new int[count * _cells];
        for (int n = 0; n < count; n++)
        {
            var hits = atoms.AsSpan(n * _frameSize, _cells);
            float peak = 0f;
            foreach (float v in hits) peak = Math.Max(peak, v);
            _peaks[n] = peak > 0f ? peak : 1f;
            for (int d = 0; d < _cells; d++) _scores[n * _cells + d] = hits[d] / _peaks[n];
            var sorted = Enumerable.Range(0, _cells).OrderByDescending(d => _scores[n * _cells + d]).ThenBy(d => d)
                .ToArray();
            sorted.CopyTo(_order, n * _cells);
        }
    }

    /// <summary>One frame's code: atoms (−1 = unused) and cuts theta (gain = 0.5 / (theta * peak)).</summary>
    public record struct Code(int Atom1, float Cut1, int Atom2, float Cut2, int Errors = 0);

    /// <summary>frames [n, 27, K] -> codes, and the total count of wrong hit cells of the union.</summary>
    public (Code[] Codes, long WrongCells) Encode(float[] frames, bool secondAtom = true)
    {
        int count = frames.Length / _frameSize;
        var codes = new Code[count];
        long wrong = 0;
        Parallel.For(0, count, () => (new bool[_cells], new bool[_cells], 0L), (f, state, local) =>
        {
            var (hits, care, errors) = local;
            for (int d = 0; d < _cells; d++) hits[d] = frames[f * _frameSize + d] > 0.5f;
            Array.Fill(care, true);
            var (a1, c1, e1) = Search(hits, care);
            int a2 = -1, e = e1;
            float c2 = 0f;
            if (secondAtom)
            {
                Dark(a1, c1, care);
                (a2, c2, e) = Search(hits, care);
                for (int pass = 0; pass < RefinePasses; pass++)
                {
                    Dark(a2, c2, care);
                    (a1, c1, _) = Search(hits, care);
                    Dark(a1, c1, care);
                    (a2, c2, e) = Search(hits, care);
                }
            }
            e = 0; // the union's wrong cells: lit by neither atom but a hit, or lit by either but not a hit
            for (int d = 0; d < _cells; d++)
                if (hits[d] != (Lit(a1, c1, d) || Lit(a2, c2, d))) e++;
            codes[f] = new Code(a1, c1, a2, c2, e);
            return (hits, care, errors + e);
        }, local => Interlocked.Add(ref wrong, local.Item3));
        return (codes, wrong);
    }

    /// <summary>codes -> frames [n, 27, K] by the union decoding.</summary>
    public float[] Decode(Code[] codes)
    {
        var frames = new float[codes.Length * _frameSize];
        for (int f = 0; f < codes.Length; f++)
            for (int d = 0; d < _cells; d++)
            {
                var (atom, gain) = Responsible(codes[f], d);
                if (atom < 0) continue;
                for (int group = 0; group < 3; group++)
                    frames[f * _frameSize + group * _cells + d] = gain * _atoms[atom * _frameSize + group * _cells + d];
            }
        return frames;
    }

    /// <summary>The atom of the code whose g * value at hit cell d is the larger (atom 1 on ties), and its gain.</summary>
    public (int Atom, float Gain) Responsible(Code code, int d)
    {
        float g1 = Gain(code.Atom1, code.Cut1), g2 = Gain(code.Atom2, code.Cut2);
        float v1 = code.Atom1 < 0 ? float.NegativeInfinity : g1 * _atoms[code.Atom1 * _frameSize + d];
        float v2 = code.Atom2 < 0 ? float.NegativeInfinity : g2 * _atoms[code.Atom2 * _frameSize + d];
        return v2 > v1 ? (code.Atom2, g2) : (code.Atom1, g1);
    }

    bool Lit(int atom, float cut, int d) => atom >= 0 && _scores[atom * _cells + d] > cut;

    float Gain(int atom, float cut) => atom < 0 ? 0f : 0.5f / (cut * _peaks[atom]);

    // marks the cells atom n lights at cut theta as don't-care (care = false), all others as care
    void Dark(int n, float cut, bool[] care)
    {
        for (int d = 0; d < _cells; d++) care[d] = n < 0 || _scores[n * _cells + d] <= cut;
    }

    // the gain search of IComputeBackend.ThresholdSearch (same tie rules) counting errors only where care is true
    (int Atom, float Cut, int Errors) Search(bool[] hits, bool[] care)
    {
        int baseErrors = 0;
        for (int d = 0; d < _cells; d++) if (hits[d] && care[d]) baseErrors++;
        int bestErrors = baseErrors, bestAtom = -1;
        float bestCut = 0f;
        for (int n = 0; n < _count; n++)
        {
            var scores = _scores.AsSpan(n * _cells, _cells);
            var order = _order.AsSpan(n * _cells, _cells);
            int errors = baseErrors;
            for (int j = 0; j < _cells; j++)
            {
                int d = order[j];
                float value = scores[d];
                if (value <= MinimumCut) break;
                if (care[d]) errors += hits[d] ? -1 : 1;
                float next = j + 1 < _cells ? Math.Max(scores[order[j + 1]], 0f) : 0f;
                if (next >= value || errors >= bestErrors) continue;
                (bestErrors, bestAtom, bestCut) = (errors, n, Math.Max((value + next) / 2, MinimumCut));
            }
        }
        return (bestAtom, bestCut, bestErrors);
    }
}
