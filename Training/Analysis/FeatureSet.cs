using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// One way to turn a piece into a fixed-size row for a probe or a plot: pooled statistics of its sparse code
/// (<see cref="PooledCode"/>: mean, max, usage, mean+max, all = mean+max+usage; spread, active-mean; sqrt-mean, the
/// mean with its dynamic range compressed; max-l2, the max scaled to unit length; local-max; max+baselines and
/// local-max+baselines, those beside the representation's model-free baselines; intervals, the
/// <see cref="AtomIntervals"/> of a piano-roll model's code, and max+intervals: <paramref name="PianoRollOnly"/>; a
/// drum model's code read back through its decoder, <see cref="DrumFrames"/>: decoded-mean, the mean decoded frame,
/// decoded-profile, how the decoded hits are played, and max+decoded-profile: <paramref name="GrooveOnly"/>), or a
/// model-free baseline
/// (<see cref="PieceFeatures.Baselines"/>).
/// </summary>
public sealed record FeatureSet(string Name, bool FromCode, Func<PieceFeatures, double[]> Of,
    bool PianoRollOnly = false, bool GrooveOnly = false)
{
    /// <summary>The code feature sets by name, in the order tables show them.</summary>
    public static IReadOnlyList<FeatureSet> CodeSets { get; } =
    [
        new("mean", true, p => p.Code.Mean),
        new("max", true, p => p.Code.Max),
        new("usage", true, p => p.Code.Usage),
        new("mean+max", true, p => [.. p.Code.Mean, .. p.Code.Max]),
        new("all", true, p => [.. p.Code.Mean, .. p.Code.Max, .. p.Code.Usage]),
        new("spread", true, p => p.Code.Spread),
        new("active-mean", true, p => p.Code.ActiveMean),
        new("sqrt-mean", true, p => [.. p.Code.Mean.Select(m => Math.Sign(m) * Math.Sqrt(Math.Abs(m)))]),
        new("max-l2", true, p => UnitLength(p.Code.Max)),
        new("max+baselines", true, p => WithBaselines(p.Code.Max, p)),
        new("local-max", true, p => p.Code.LocalMax),
        new("local-max+baselines", true, p => WithBaselines(p.Code.LocalMax, p)),
        new("intervals", true, IntervalsOf, PianoRollOnly: true),
        new("max+intervals", true, p => [.. p.Code.Max, .. IntervalsOf(p)], PianoRollOnly: true),
        new("decoded-mean", true, p => DecodedOf(p).Mean, GrooveOnly: true),
        new("decoded-profile", true, p => DecodedOf(p).Profile, GrooveOnly: true),
        new("max+decoded-profile", true, p => [.. p.Code.Max, .. DecodedOf(p).Profile], GrooveOnly: true),
    ];

    /// <summary>The names <see cref="Code"/> accepts.</summary>
    public static IReadOnlyList<string> CodeSetNames { get; } = [.. CodeSets.Select(s => s.Name)];

    /// <summary>
    /// The sets probed when none are asked for: those every model has, and for a drum model the drum-only ones too
    /// (the piano-roll-only ones only on request).
    /// </summary>
    public static IReadOnlyList<string> DefaultNames(RepresentationKind kind)
        => [.. CodeSets.Where(s => !s.PianoRollOnly && (!s.GrooveOnly || kind == RepresentationKind.Groove))
            .Select(s => s.Name)];

    /// <summary>The code feature set called <paramref name="name"/>; an unknown name is an ArgumentException.</summary>
    public static FeatureSet Code(string name)
        => CodeSets.FirstOrDefault(s => s.Name == name)
           ?? throw new ArgumentException(
               $"unknown feature set '{name}'; choose one of {string.Join(", ", CodeSetNames)}");

    /// <summary>
    /// The baselines of a representation: a drum-class histogram and the played profile for drums; pitch classes and
    /// piano-roll statistics for piano.
    /// </summary>
    public static IReadOnlyList<FeatureSet> Baselines(RepresentationKind kind)
        => [.. PieceFeatures.BaselineNames(kind).Select(name => new FeatureSet(name, false, p => p.Baselines[name]))];

    // a code statistic [N] followed by the piece's pitch-class or drum-class histogram and piano-roll statistics (not
    // the played profile, whose [3 · 9 K] would swamp the code)
    private static double[] WithBaselines(double[] code, PieceFeatures piece)
        => [.. code, .. piece.Baselines.Where(b => CodeBaselines.Contains(b.Key))
            .OrderBy(b => b.Key, StringComparer.Ordinal).SelectMany(b => b.Value)];

    private static readonly string[] CodeBaselines =
        [PieceFeatures.DrumClasses, PieceFeatures.PitchClasses, PieceFeatures.PianoRoll];

    /// <summary>
    /// Refuses, before any piece is coded, a set a model of <paramref name="kind"/> cannot give: the interval sets
    /// need a piano roll's keys, the decoded ones a drum grid.
    /// </summary>
    public void CheckModel(RepresentationKind kind)
    {
        if (PianoRollOnly && kind is not (RepresentationKind.Pianoroll or RepresentationKind.OnsetRoll))
            throw new ArgumentException(IntervalsNeedARoll);
        if (GrooveOnly && kind != RepresentationKind.Groove) throw new ArgumentException(DecodedNeedsDrums);
    }

    private const string IntervalsNeedARoll = "intervals need a model of a piano roll (onset roll or piano roll)";
    private const string DecodedNeedsDrums =
        "decoded-mean, decoded-profile and max+decoded-profile need a drum (Groove) model";

    // the piece's AtomIntervals [74], which only a model of a piano roll has
    private static double[] IntervalsOf(PieceFeatures piece)
        => piece.Intervals ?? throw new ArgumentException(IntervalsNeedARoll);

    // the piece's DrumFrames, which only a drum model has
    private static DrumFrames DecodedOf(PieceFeatures piece)
        => piece.Decoded ?? throw new ArgumentException(DecodedNeedsDrums);

    // values / their Euclidean norm [D]; an all-zero row stays zero
    private static double[] UnitLength(double[] values)
    {
        double norm = Math.Sqrt(values.Sum(v => v * v));
        return norm > 0 ? [.. values.Select(v => v / norm)] : values;
    }
}
