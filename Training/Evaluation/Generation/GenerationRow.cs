namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// How one generator's sections of <c>SectionBars</c> bars compare with real sections (<see cref="GenerationScore"/>).
/// Realism: each generated section's hit F1 against its best-matching held-out section, averaged, with a percentile
/// bootstrap 95% interval over the generated sections (<see cref="PooledMean"/>; within [0, 1], and null for a single
/// section). Coverage: each held-out section's F1 against its best-matching generated one, averaged, with its interval
/// (over the held-out sections). Nearest training F1: each generated section's F1 against its best-matching training
/// section, averaged (1 for copies; real unseen sections show how close new playing comes to the training sections).
/// Copied: the share of generated sections whose hits equal a training section's. Hits per bar: the mean hits in a bar
/// of the generated sections, beside the held-out sections' mean.
/// Velocity and offset W1: how far the generated hits' velocities and offsets lie from the held-out hits', by
/// <see cref="HitValueDistance"/> (velocity v / 127 in [0, 1], offset in the grid's [−1, 1]: units of half a step).
/// </summary>
public sealed record GenerationRow(string Method, string Meaning, int Sections, int SectionBars, double Realism,
    double? RealismLow, double? RealismHigh, double Coverage, double? CoverageLow, double? CoverageHigh,
    double NearestTrainF1, double Copied, double HitsPerBar, double HeldOutHitsPerBar)
{
    /// <summary>The velocity distance; null when the generated sections hit no drum the held-out ones do.</summary>
    public double? VelocityW1 { get; init; }

    /// <summary>The offset distance; null when the generated sections hit no drum the held-out ones do.</summary>
    public double? OffsetW1 { get; init; }
}
