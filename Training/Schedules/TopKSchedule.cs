namespace TcnWtaNative.Training.Schedules;

/// <summary>How a schedule moves from its start value to its end value.</summary>
public enum ScheduleShape
{
    /// <summary>A straight line, rounded to whole k.</summary>
    Linear,
    /// <summary>Equal-length plateaus, one per whole k between start and end.</summary>
    Step,
}

/// <summary>
/// The paper's decaying k: k0 at epoch 0, k1 at epoch E - 1 and after, linear (rounded) or in equal plateaus
/// (|k0 - k1| + 1 of them, each E / plateaus epochs long). A pure function of the epoch, so a resumed run sees
/// the same k as an uninterrupted one.
/// </summary>
public sealed record TopKSchedule(int Start, int End, int Epochs, ScheduleShape Shape)
{
    /// <summary>k during epoch (counted from 0).</summary>
    public int At(int epoch)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), $"epochs count from 0, got {epoch}");
        if (epoch == 0) return Start;
        if (epoch >= Epochs - 1) return End;
        if (Shape == ScheduleShape.Linear)
            return (int)Math.Round(Start + (End - Start) * (double)epoch / (Epochs - 1), MidpointRounding.AwayFromZero);
        int plateaus = Math.Abs(End - Start) + 1;
        int plateau = Math.Min(plateaus - 1, (int)((long)epoch * plateaus / Epochs));
        return Start + Math.Sign(End - Start) * plateau;
    }
}
