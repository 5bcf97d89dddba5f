using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// What the bar coders over a <see cref="GainSearchDictionary"/> share (<see cref="GainSearchCoder"/>,
/// <see cref="UnionGainCoder"/>): bars of T steps cut into the dictionary's K-step frames, a fixed number of non-zeros
/// per frame, each frame coded and decoded by the subclass, gains capped at <see cref="MaxRelativeGain"/>. Not
/// thread-safe.
/// </summary>
public abstract class GainSearchBarCoder : IBarCoder, IDisposable
{
    /// <summary>
    /// The largest gain, relative to the one that puts the atom's peak hit value at 1: cells below 1 / (2 * this) of
    /// the peak stay dark. Chosen on the validation split (docs/groove-rate-distortion.md) when the decoder still
    /// scaled velocities and offsets with the gain: without a cap hit F1 rose by under 0.011 while velocity MAE and MSE
    /// grew several-fold; at 1 it fell by up to 0.009. Under the grid decode, where the gain no longer touches a lit
    /// cell's values, no cap still raises hit F1 (validation: groove-gain 0.945 to 0.955, groove-best 0.954 to 0.957)
    /// but cuts what denoising gains by a third to three fifths (docs/groove-rate-distortion.md, "The gain search"), so
    /// it stays.
    /// </summary>
    public const float MaxRelativeGain = 2f;

    private readonly int _steps;

    /// <summary>
    /// A coder over <paramref name="atoms"/> [atomCount, C, K] (Groove channels, hits first) for bars of T = steps,
    /// breaking ties of wrong hit cells between atoms by <paramref name="tieBreak"/>.
    /// </summary>
    protected GainSearchBarCoder(string method, IComputeBackend backend, float[] atoms, int atomCount, int channels,
        int frameLength, int steps, GainTieBreak tieBreak)
    {
        if (frameLength >= 1 && steps % frameLength != 0)
            throw new ArgumentException($"atoms of {frameLength} steps do not tile bars of {steps} steps");
        Dictionary = new GainSearchDictionary(backend, atoms, atomCount, channels, frameLength, MaxRelativeGain);
        (Method, _steps, TieBreak) = (method, steps, tieBreak);
    }

    /// <summary>
    /// The union code (<see cref="UnionGainCoder"/>) over <paramref name="atoms"/> [atomCount, C, K] where
    /// <paramref name="union"/>, else the gain search (<see cref="GainSearchCoder"/>), for bars of T = steps.
    /// </summary>
    public static GainSearchBarCoder Create(string method, IComputeBackend backend, float[] atoms, int atomCount,
        int channels, int frameLength, int steps, bool union)
        => union
            ? new UnionGainCoder(method, backend, atoms, atomCount, channels, frameLength, steps)
            : new GainSearchCoder(method, backend, atoms, atomCount, channels, frameLength, steps);

    /// <summary>The atoms as the search sees them.</summary>
    protected GainSearchDictionary Dictionary { get; }

    /// <summary>How the searches break ties of wrong hit cells between atoms.</summary>
    public GainTieBreak TieBreak { get; }

    /// <summary>T / K.</summary>
    protected int FramesPerBar => _steps / Dictionary.FrameLength;

    /// <summary>The non-zeros one frame's code spends.</summary>
    protected abstract int NonzerosPerFrame { get; }

    /// <summary>
    /// The code's rule, for a wrong budget's error: "the gain search spends one non-zero per frame".
    /// </summary>
    protected abstract string SpendingRule { get; }

    public string Method { get; }
    public int AtomsAt(int nonzerosPerBar) => Dictionary.AtomCount;
    public bool Supports(int nonzerosPerBar) => nonzerosPerBar == NonzerosPerFrame * FramesPerBar;
    public abstract string BudgetMeaning(int nonzerosPerBar);

    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        if (!Supports(nonzerosPerBar))
            throw new ArgumentException(
                $"{SpendingRule}: {NonzerosPerFrame * FramesPerBar} per bar, not {nonzerosPerBar}");
        int channels = Dictionary.Channels, frameLength = Dictionary.FrameLength;
        var segments = BarSegments.Cut(bars, count, channels, _steps, frameLength);
        return BarSegments.Paste(CodeAndDecode(segments, count * FramesPerBar), count, channels, _steps, frameLength);
    }

    /// <summary>frames [count, C, K] -> their decoded codes [count, C, K].</summary>
    protected abstract float[] CodeAndDecode(float[] frames, int count);

    /// <summary>
    /// frames [count, C, K] -> the preference [count, N] of a search over them on the backend, by
    /// <see cref="TieBreak"/>: each atom's fit to each frame (<see cref="GainSearchDictionary.Fits"/>), or null (the
    /// lower atom). The caller disposes it.
    /// </summary>
    protected DeviceBuffer? Preference(float[] frames, int count)
        => TieBreak == GainTieBreak.FrameFit ? Dictionary.Fits(frames, count) : null;

    public void Dispose()
    {
        Dictionary.Dispose();
        GC.SuppressFinalize(this);
    }
}
