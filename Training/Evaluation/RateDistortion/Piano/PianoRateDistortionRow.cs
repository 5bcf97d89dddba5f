namespace TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// One method at one budget of non-zeros per second on the scored excerpts of one split: the non-zeros it actually
/// spent per second, note-onset precision, recall and F1 (same pitch, onset within 50 ms) and note precision, recall
/// and F1 with offsets (mir_eval's), both pooled over pieces with a 95% bootstrap interval over pieces, and the mean
/// absolute velocity error of the onsets found (MIDI velocity / 127, pooled over them, an interval over pieces), all
/// decoded at the fixed threshold 0.5; then the threshold tuned on the validation split
/// (<see cref="OnsetThresholdTuning"/>) and the onset precision, recall and F1 (with its interval) and note F1 with
/// offsets decoded at it, beside, never instead.
/// </summary>
public sealed record PianoRateDistortionRow(
    string Method, int NonzerosPerSecond, double SpentNonzerosPerSecond, int Atoms, string BudgetMeaning,
    string Split, int Pieces, double Seconds,
    double OnsetPrecision, double OnsetRecall, double OnsetF1, double OnsetF1Low, double OnsetF1High,
    double NotePrecision, double NoteRecall, double NoteF1, double NoteF1Low, double NoteF1High,
    double FoundVelocityMae, double FoundVelocityMaeLow, double FoundVelocityMaeHigh,
    double TunedThreshold, double TunedOnsetPrecision, double TunedOnsetRecall, double TunedOnsetF1,
    double TunedOnsetF1Low, double TunedOnsetF1High, double TunedNoteF1)
{
    /// <summary>
    /// On a baseline's row: onset F1 at 0.5 of the model's best row at its budget minus the baseline's, with a paired
    /// bootstrap interval over the scored pieces (<see cref="PianoModelComparison"/>); null on the model's rows.
    /// </summary>
    public ModelComparison? ModelComparison { get; init; }
}

/// <summary>The rows, and one line per (method, budget) left out, saying why.</summary>
public sealed record PianoRateDistortionResult(IReadOnlyList<PianoRateDistortionRow> Rows,
    IReadOnlyList<string> LeftOut);
