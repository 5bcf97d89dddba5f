using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// A decoded Groove window [27, T] kept within its input's hits: the denoiser that only takes notes away, for noise
/// that only adds them (random extra hits). The code still chooses which of the input's hits stay; velocities and
/// offsets stay as decoded.
/// </summary>
public static class InputHits
{
    /// <summary>
    /// Zeroes each decoded hit cell of <paramref name="decoded"/> whose <paramref name="input"/> cell has no hit.
    /// </summary>
    public static void KeepWithin(Span<float> decoded, ReadOnlySpan<float> input, int steps)
    {
        if (decoded.Length != GrooveGrid.Channels * steps || input.Length != decoded.Length)
            throw new ArgumentException(
                $"the decoded and input windows must both be [{GrooveGrid.Channels}, {steps}]");
        for (int cell = 0; cell < DrumMapping.ClassCount * steps; cell++)
            if (input[cell] <= 0.5f) decoded[cell] = 0;
    }
}
