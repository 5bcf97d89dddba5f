namespace TcnWtaNative.Training.Schedules;

/// <summary>The learning-rate curves the trainer offers.</summary>
public enum LearningRateShape
{
    /// <summary>The base rate throughout.</summary>
    Constant,
    /// <summary>
    /// Half a cosine from the base rate at epoch 0 down to the minimum at epoch E, the schedule's epochs, and the
    /// minimum after (PyTorch's CosineAnnealingLR with T_max = E): every epoch of a run of E epochs still learns at a
    /// rate above the minimum, and a schedule of 1 epoch drops to the minimum after its first.
    /// </summary>
    Cosine,
    /// <summary>The base rate times gamma^(epoch / step epochs, rounded down).</summary>
    Step,
}

/// <summary>
/// The learning rate of each epoch (counted from 0) of a run of <see cref="Epochs"/> epochs. A pure function of
/// the epoch, so a resumed run sees the same rates as an uninterrupted one.
/// </summary>
public sealed record LearningRateSchedule(LearningRateShape Shape, float BaseRate, int Epochs, float MinRate = 0f,
    int StepEpochs = 100, float Gamma = 0.5f)
{
    // the epochs the cosine falls over (a run of 0 epochs, atoms fit by their initializer alone, trains none)
    private int Falling => Math.Max(Epochs, 1);

    /// <summary>The rate during epoch.</summary>
    public float At(int epoch)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), $"epochs count from 0, got {epoch}");
        return Shape switch
        {
            LearningRateShape.Constant => BaseRate,
            LearningRateShape.Cosine => (float)(MinRate
                + 0.5 * (BaseRate - MinRate) * (1 + Math.Cos(Math.PI * Math.Min(epoch, Falling) / Falling))),
            LearningRateShape.Step => (float)(BaseRate * Math.Pow(Gamma, epoch / StepEpochs)),
            _ => throw new ArgumentOutOfRangeException(nameof(Shape), Shape, "unknown learning-rate schedule"),
        };
    }
}
