using TcnWtaNative.Training.Metrics;

namespace TcnWtaNative.Training;

/// <summary>How a run ended.</summary>
public enum TrainingEnd
{
    /// <summary>Every epoch ran; the final checkpoint is saved.</summary>
    Completed,
    /// <summary>
    /// Cancelled (Ctrl-C or SIGTERM): the current step finished and a checkpoint was saved to resume from.
    /// </summary>
    Interrupted,
    /// <summary>
    /// The loss or the parameters became NaN or infinite; nothing was saved, the last good checkpoint is untouched.
    /// </summary>
    Diverged,
}

/// <summary>
/// The end of a run, a message that says what happened, and every epoch's metrics (the resumed ones included).
/// </summary>
public sealed record TrainingOutcome(TrainingEnd End, string Message, IReadOnlyList<MetricsRow> Metrics);
