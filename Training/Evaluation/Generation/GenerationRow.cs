namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// How one generator's bars compare with real ones (<see cref="GenerationScore"/>). Realism: each generated bar's hit
/// F1 against its best-matching held-out bar, averaged, with a 95% interval (normal, over the generated bars).
/// Coverage: each held-out bar's F1 against its best-matching generated bar, averaged, with its interval (over the
/// held-out bars). Nearest training F1: each generated bar's F1 against its best-matching training bar, averaged (1
/// for copies; real unseen bars show how close new playing comes to the training bars). Copied: the share of
/// generated bars whose hits equal a training bar's. Hits per bar: the mean number of hits a generated bar holds,
/// beside the held-out bars' mean.
/// </summary>
public sealed record GenerationRow(string Method, string Meaning, int Bars, double Realism, double RealismLow,
    double RealismHigh, double Coverage, double CoverageLow, double CoverageHigh, double NearestTrainF1,
    double Copied, double HitsPerBar, double HeldOutHitsPerBar);
