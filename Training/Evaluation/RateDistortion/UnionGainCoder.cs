using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// One frame's union code: two atoms (-1: unused) and their gains. <see cref="UnionGainCoder"/> decodes it.
/// </summary>
public readonly record struct UnionCode(int First, float FirstGain, int Second, float SecondGain);

/// <summary>
/// A dictionary of K-step atoms [N, C, K] coded as a union of two layers: each frame gets two atoms with gains, and a
/// hit cell is lit where g_i * atom_i &gt; 0.5 for either of them, so two atoms cover a frame (hi-hats from one, kick
/// and snare from the other) that no single atom and gain can. The hit, velocity and offset values at a (drum, step)
/// come from the atom whose g * hit value there is the larger (the first on ties), a lit cell's velocity and offset
/// as that atom's own over its hit value (<see cref="UnionDecoding"/>). Coding is greedy and hit-aware,
/// every step one batched <see cref="IComputeBackend.ThresholdSearch"/> over all frames: the first atom by the gain
/// search (<see cref="GainSearchCoder"/>); the second by the gain search with the cells the first lights as don't-care
/// (lit in the union whatever the second does); then <see cref="RefinePasses"/> pass(es) of re-choosing the first with
/// the second's lit cells as don't-care, then the second again. Each re-choice is exact coordinate descent on the
/// union's wrong-cell count, so it never rises. Every search breaks ties between atoms by their fit to the whole frame
/// (<see cref="GainTieBreak.FrameFit"/>, the default), the second atom's too: on Groove validation (groove-best) that
/// gave hit F1 0.954, against 0.952 with the fit to the frame with the other atom's lit cells zeroed in all three rows
/// (velocity MAE 0.272 against 0.270, the drummer probe alike), from one fit per frame instead of one per search. Two
/// non-zeros per frame: b = 2 T / K per bar. Gains are capped as in the gain search. Only for dictionaries whose hit
/// rows are values (not hits-loss models). Not thread-safe.
/// </summary>
public sealed class UnionGainCoder(string method, IComputeBackend backend, float[] atoms, int atomCount,
    int channels, int frameLength, int steps, GainTieBreak tieBreak = GainTieBreak.FrameFit)
    : GainSearchBarCoder(method, backend, atoms, atomCount, channels, frameLength, steps, tieBreak)
{
    /// <summary>
    /// Passes of re-choosing both atoms after the greedy pair. One pass, the u12 study's choice on Groove validation
    /// (two-beat frames, N = 1000).
    /// </summary>
    public const int RefinePasses = 1;

    /// <summary>
    /// The model's decoder atoms under the union code (method "model+union"); a clear error for a hits-loss model.
    /// </summary>
    public static UnionGainCoder ForModel(Autoencoder model, int steps) => ForModel(model, steps, kept: null);

    /// <summary>
    /// The union code over the model's decoder atoms <paramref name="kept"/> alone (all when null): the coder's atom i
    /// is the model's atom kept[i]. A clear error for a hits-loss model.
    /// </summary>
    public static UnionGainCoder ForModel(Autoencoder model, int steps, IReadOnlyList<int>? kept)
    {
        var (atoms, atomCount) = ModelAtoms.ForGainSearch(model, kept);
        var config = model.Config;
        return new UnionGainCoder("model+union", model.Backend, atoms, atomCount, config.InputChannels,
            config.FrameLength, steps);
    }

    protected override int NonzerosPerFrame => 2;
    protected override string SpendingRule => "the union code spends two non-zeros per frame";

    public override string BudgetMeaning(int nonzerosPerBar)
        => $"two atoms and their gains per {Dictionary.FrameLength}-step frame, decoded as the union of their lit "
            + $"hits, {FramesPerBar} frame(s) per bar";

    protected override float[] CodeAndDecode(float[] frames, int count) => Decode(Choose(frames, count));

    /// <summary>frames [count, C, K] -> each frame's union code.</summary>
    public UnionCode[] Choose(float[] frames, int count)
    {
        var targets = Dictionary.HitTargets(frames, count);
        using var fits = Preference(frames, count);
        var (first, firstCuts) = Dictionary.Search(targets, count, fits);
        var (second, secondCuts) = Dictionary.Search(DontCareWhereLit(targets, first, firstCuts), count, fits);
        for (int pass = 0; pass < RefinePasses; pass++)
        {
            (first, firstCuts) = Dictionary.Search(DontCareWhereLit(targets, second, secondCuts), count, fits);
            (second, secondCuts) = Dictionary.Search(DontCareWhereLit(targets, first, firstCuts), count, fits);
        }
        var codes = new UnionCode[count];
        for (int f = 0; f < count; f++)
            codes[f] = new UnionCode(first[f], Dictionary.Gain(first[f], firstCuts[f]),
                second[f], Dictionary.Gain(second[f], secondCuts[f]));
        return codes;
    }

    /// <summary>codes -> frames [count, C, K] by the union decoding (<see cref="UnionDecoding"/>).</summary>
    public float[] Decode(UnionCode[] codes)
    {
        var entries = new float[4 * codes.Length];
        for (int f = 0; f < codes.Length; f++)
            (entries[4 * f], entries[4 * f + 1], entries[4 * f + 2], entries[4 * f + 3])
                = (codes[f].First, codes[f].FirstGain, codes[f].Second, codes[f].SecondGain);
        return UnionDecoding.DecodeFrames(Dictionary.Backend, Dictionary.AtomBuffer, Dictionary.AtomCount,
            Dictionary.FrameSize, Dictionary.HitCells, entries, codes.Length, 2);
    }

    /// <summary>
    /// The atom of the code that decodes hit cell d (and the velocity and offset at its drum and step): the one whose
    /// g * hit value there is the larger, the first on ties; (-1, 0) when the code holds no atom.
    /// </summary>
    public (int Atom, float Gain) Responsible(UnionCode code, int cell)
    {
        Span<(int Atom, float Gain)> entries = stackalloc (int, float)[2];
        var used = Entries(code, entries);
        return used.IsEmpty ? (-1, 0f) : UnionDecoding.Responsible(Dictionary.Atoms, Dictionary.FrameSize, used, cell);
    }

    // the code's atoms as (atom, gain) entries, first before second, written into buffer (2 long): the used part
    private static Span<(int Atom, float Gain)> Entries(UnionCode code, Span<(int Atom, float Gain)> buffer)
    {
        int used = 0;
        if (code.First >= 0) buffer[used++] = (code.First, code.FirstGain);
        if (code.Second >= 0) buffer[used++] = (code.Second, code.SecondGain);
        return buffer[..used];
    }

    // targets [count, 9 K] with the cells each frame's atom lights at its cut set to -1 (don't-care); a new array
    private float[] DontCareWhereLit(float[] targets, int[] atoms, float[] cuts)
    {
        int cells = Dictionary.HitCells;
        var masked = (float[])targets.Clone();
        for (int f = 0; f < atoms.Length; f++)
            for (int d = 0; d < cells; d++)
                if (Dictionary.Lights(atoms[f], cuts[f], d)) masked[f * cells + d] = -1f;
        return masked;
    }
}
