namespace TcnWtaNative.Midi.Files;

/// <summary>
/// A sustain-pedal control change (CC64) at <see cref="Tick"/>; the pedal is down when <see cref="Value"/> is 64 or
/// more.
/// </summary>
public readonly record struct SustainEvent(long Tick, int Channel, int Value)
{
    /// <summary>The value at or above which the pedal counts as down.</summary>
    public const int DownThreshold = 64;

    /// <summary>True when this event presses (or keeps pressing) the pedal.</summary>
    public bool IsDown => Value >= DownThreshold;
}
