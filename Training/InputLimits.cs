namespace TcnWtaNative.Training;

/// <summary>
/// The largest sizes the trainer and the applications accept from a user, beyond the model's own
/// (<see cref="Engine.ModelLimits"/>): each bounds what a command holds in memory at once, checked before it allocates.
/// </summary>
public static class InputLimits
{
    /// <summary>Most synthetic training (and, separately, validation) grids: 1.7 GB of [27, 16] float grids.</summary>
    public const int MaxSyntheticSamples = 1_000_000;

    /// <summary>Most bars `drums` generates (over 5 hours at 120 bpm in 4/4).</summary>
    public const int MaxDrumBars = 10_000;

    /// <summary>Most steps `interpolate` takes between two pieces (it writes one MIDI file per step).</summary>
    public const int MaxInterpolationSteps = 1_000;
}
