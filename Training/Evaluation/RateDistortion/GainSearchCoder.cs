using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// A dictionary of K-step atoms [N, C, K] coded by gain search (<see cref="IComputeBackend.ThresholdSearch"/>): each
/// frame of a bar gets one atom n and one real gain g, decoded as one entry of the union decoding
/// (<see cref="UnionDecoding"/>: the hits g * atom n; at a lit cell the atom's velocity and offset over its hit value,
/// at a dark one g times them), and the pair is the one whose hit rows read at the 0.5 threshold differ from the
/// frame's hits in the fewest cells (an empty frame is a choice too, at no cost); among atoms that tie on that count,
/// the one that fits the whole frame best (<see cref="GainTieBreak.FrameFit"/>, the default). The gain is what vector
/// quantization, whose coefficient is fixed at 1, cannot use: g * atom &gt; 0.5 lights the atom's cells above 0.5 / g,
/// so one atom stands for a nested family of patterns, sparser and denser versions of one groove. The search runs on
/// each atom's hit rows scaled to a peak of 1, and the gain relative to that peak is capped at
/// <see cref="MaxRelativeGain"/>. One non-zero per frame, so b = T / K per bar.
/// Only for dictionaries whose hit rows are values (MSE or L1 models): under the hits loss sigmoid(g * logit) &gt; 0.5
/// does not depend on g &gt; 0. Not thread-safe.
/// </summary>
public sealed class GainSearchCoder(string method, IComputeBackend backend, float[] atoms, int atomCount,
    int channels, int frameLength, int steps, GainTieBreak tieBreak = GainTieBreak.FrameFit)
    : GainSearchBarCoder(method, backend, atoms, atomCount, channels, frameLength, steps, tieBreak)
{
    /// <summary>
    /// The model's decoder atoms under gain search (method "model+gain"); a clear error for a hits-loss model.
    /// </summary>
    public static GainSearchCoder ForModel(Autoencoder model, int steps) => ForModel(model, steps, kept: null);

    /// <summary>
    /// The gain search over the model's decoder atoms <paramref name="kept"/> alone (all when null): the coder's atom i
    /// is the model's atom kept[i]. A clear error for a hits-loss model.
    /// </summary>
    public static GainSearchCoder ForModel(Autoencoder model, int steps, IReadOnlyList<int>? kept)
    {
        var (atoms, atomCount) = ModelAtoms.ForGainSearch(model, kept);
        var config = model.Config;
        return new GainSearchCoder("model+gain", model.Backend, atoms, atomCount, config.InputChannels,
            config.FrameLength, steps);
    }

    protected override int NonzerosPerFrame => 1;
    protected override string SpendingRule => "the gain search spends one non-zero per frame";

    public override string BudgetMeaning(int nonzerosPerBar)
        => $"one atom and its gain per {Dictionary.FrameLength}-step frame, chosen for the fewest wrong hits, "
            + $"{FramesPerBar} frame(s) per bar";

    protected override float[] CodeAndDecode(float[] frames, int count)
    {
        var (atoms, gains) = Choose(frames, count);
        var entries = new float[2 * count];
        for (int f = 0; f < count; f++) (entries[2 * f], entries[2 * f + 1]) = (atoms[f], gains[f]);
        return UnionDecoding.DecodeFrames(Dictionary.Backend, Dictionary.AtomBuffer, Dictionary.AtomCount,
            Dictionary.FrameSize, Dictionary.HitCells, entries, count, 1);
    }

    /// <summary>
    /// frames [count, C, K] -> each frame's atom (-1: left empty) and gain g, its code's one entry.
    /// </summary>
    public (int[] Atoms, float[] Gains) Choose(float[] frames, int count)
    {
        using var preference = Preference(frames, count);
        var (atoms, cuts) = Dictionary.Search(Dictionary.HitTargets(frames, count), count, preference);
        var gains = new float[count];
        for (int f = 0; f < count; f++) gains[f] = Dictionary.Gain(atoms[f], cuts[f]);
        return (atoms, gains);
    }
}
