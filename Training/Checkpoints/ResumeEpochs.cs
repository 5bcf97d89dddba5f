namespace TcnWtaNative.Training.Checkpoints;

/// <summary>
/// The --epochs of a resume against the checkpoint's saved epoch, checked before any data loads or file is written:
/// with --resume, --epochs is the new total, so it must lie above the epochs already trained.
/// </summary>
public static class ResumeEpochs
{
    /// <summary>
    /// Null when the resume has epochs left to train; the "already done" sentence when <paramref name="epochs"/> equals
    /// the saved epoch (an interrupted epoch past it counts as left); an <see cref="ArgumentException"/> when it is
    /// below, or when it is 0 for a run whose atom initializer was interrupted: --resume does not continue an
    /// initializer, it trains epochs from the atoms the initializer left.
    /// </summary>
    public static string? AlreadyDone(TrainingState saved, int epochs, string model)
    {
        int done = saved.CompletedEpochs;
        if (epochs > done) return null;
        string hint = $"with --resume, --epochs is the new total: give more than {done} to train on";
        if (done == 0 && saved.InitializerStopped is { } stop)
            throw new ArgumentException(
                $"{model} holds atoms from an interrupted initializer: {stop.Describe()}; --resume does not "
                + "continue the initializer: give --epochs N to train N epochs from these atoms, or run the first "
                + "command again with --overwrite to fit them afresh");
        if (epochs < done)
            throw new ArgumentException($"{model} holds {done} trained epochs, more than --epochs {epochs}; {hint}");
        return $"already done: {model} holds all {done} epochs; nothing was trained or written ({hint})";
    }
}
