using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// One way to turn a piece into a fixed-size row for a probe or a plot: pooled statistics of its sparse code
/// (<see cref="PooledCode"/>: mean, max, usage, mean+max, all = mean+max+usage), or a model-free baseline
/// (<see cref="PieceFeatures.Baselines"/>).
/// </summary>
public sealed record FeatureSet(string Name, bool FromCode, Func<PieceFeatures, double[]> Of)
{
    /// <summary>The code feature sets by name, in the order tables show them.</summary>
    public static IReadOnlyList<FeatureSet> CodeSets { get; } =
    [
        new("mean", true, p => p.Code.Mean),
        new("max", true, p => p.Code.Max),
        new("usage", true, p => p.Code.Usage),
        new("mean+max", true, p => [.. p.Code.Mean, .. p.Code.Max]),
        new("all", true, p => [.. p.Code.Mean, .. p.Code.Max, .. p.Code.Usage]),
    ];

    /// <summary>The names <see cref="Code"/> accepts.</summary>
    public static IReadOnlyList<string> CodeSetNames { get; } = [.. CodeSets.Select(s => s.Name)];

    /// <summary>The code feature set called <paramref name="name"/>; an unknown name is an ArgumentException.</summary>
    public static FeatureSet Code(string name)
        => CodeSets.FirstOrDefault(s => s.Name == name)
           ?? throw new ArgumentException($"unknown feature set '{name}'; choose one of {string.Join(", ", CodeSetNames)}");

    /// <summary>
    /// The baselines of a representation: a drum-class histogram for drums; pitch classes and piano-roll statistics for
    /// piano.
    /// </summary>
    public static IReadOnlyList<FeatureSet> Baselines(RepresentationKind kind)
        => [.. PieceFeatures.BaselineNames(kind).Select(name => new FeatureSet(name, false, p => p.Baselines[name]))];
}
