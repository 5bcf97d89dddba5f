using TcnWtaNative.Training.Evaluation.RateDistortion.Humanizing;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// One method at one budget on one split: hit precision, recall and F1 at the 0.5 threshold (with a 95% bootstrap
/// interval over bars), the same at the threshold tuned on the validation split (reported beside, never instead),
/// velocity MAE (MIDI velocity / 127) and onset-offset MAE (16th steps) on true hits, the velocity MAE on the hits
/// found (true positives), and the MSE over all values.
/// A baseline's row also carries the model's best row at its budget minus it (<see cref="ModelComparison"/>).
/// </summary>
public sealed record RateDistortionRow(
    string Method, int NonzerosPerBar, int Atoms, string BudgetMeaning, string Split, int Sections,
    double HitPrecision, double HitRecall, double HitF1, double HitF1Low, double HitF1High,
    double TunedThreshold, double TunedHitPrecision, double TunedHitRecall, double TunedHitF1,
    double VelocityMae, double OffsetMaeSteps, double Mse, double FoundVelocityMae)
{
    /// <summary>The model's best row at this budget minus this baseline, paired over files; null if none.</summary>
    public ModelComparison? ModelComparison { get; init; }

    /// <summary>
    /// Denoising: the extra hits per hit added to the coded bars (scored against the clean ones); 0 when they were
    /// coded as they are.
    /// </summary>
    public double NoiseRate { get; init; }

    /// <summary>Denoising: the share of each coded bar's hits dropped; 0 when none were.</summary>
    public double DropFraction { get; init; }

    /// <summary>Whether the coded bars' hits were quantized (velocity 100, on the grid): humanizing.</summary>
    public bool Quantized { get; init; }

    /// <summary>The 95% bootstrap interval of <see cref="VelocityMae"/> over the scored bars.</summary>
    public double VelocityMaeLow { get; init; }

    /// <summary>The upper end of <see cref="VelocityMaeLow"/>'s interval.</summary>
    public double VelocityMaeHigh { get; init; }

    /// <summary>The 95% bootstrap interval of <see cref="OffsetMaeSteps"/> over the scored bars.</summary>
    public double OffsetMaeLow { get; init; }

    /// <summary>The upper end of <see cref="OffsetMaeLow"/>'s interval.</summary>
    public double OffsetMaeHigh { get; init; }

    /// <summary>
    /// The mean over bars of the Pearson correlation of the coded velocities with the bar's on its hits
    /// (<see cref="GrooveHitMetrics.VelocityCorrelations"/>): the accents, whatever the level.
    /// </summary>
    public double VelocityCorrelation { get; init; }

    /// <summary>The 95% bootstrap interval of <see cref="VelocityCorrelation"/> over the bars.</summary>
    public double VelocityCorrelationLow { get; init; }

    /// <summary>The upper end of <see cref="VelocityCorrelationLow"/>'s interval.</summary>
    public double VelocityCorrelationHigh { get; init; }

    /// <summary>
    /// Humanizing: on a baseline's row, the velocity and offset errors of the model's row of least velocity error at
    /// its budget minus this row's, paired over files; null elsewhere.
    /// </summary>
    public PlayedComparison? PlayedComparison { get; init; }
}
