using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// A decoded Groove window [27, T] held to its input's hits (<see cref="HitChanges"/>): within them, the denoiser that
/// only takes notes away, for noise that only adds them (random extra hits), where the code chooses which of the
/// input's hits stay and each stays as played; or around them, the denoiser that only puts notes back, for noise that
/// only drops them (missed hits), where every input hit stays as played and the code adds the hits it lights; or
/// exactly on them, the humanizer (<see cref="Humanization"/>), where the code only says how each input hit is played.
/// </summary>
public static class InputHits
{
    /// <summary>
    /// Zeroes each decoded hit cell of <paramref name="decoded"/> whose <paramref name="input"/> cell has no hit, and
    /// gives each cell where the input has one the input's velocity and offset, leaving its decoded hit value to say
    /// whether it stays: a hit kept is played as the input played it, not at a linear decode's velocity and offset
    /// rows (a hit's values times the hit value, too soft and too near the grid where the code is unsure).
    /// </summary>
    public static void KeepWithin(Span<float> decoded, ReadOnlySpan<float> input, int steps)
    {
        Check(decoded, input, steps);
        for (int cell = 0; cell < DrumMapping.ClassCount * steps; cell++)
            if (input[cell] <= GrooveGrid.HitLevel) decoded[cell] = 0;
            else
            {
                int velocity = GrooveGrid.VelocityChannel * steps + cell;
                int offset = GrooveGrid.OffsetChannel * steps + cell;
                (decoded[velocity], decoded[offset]) = (input[velocity], input[offset]);
            }
    }

    /// <summary>
    /// Copies each hit of <paramref name="input"/> into <paramref name="decoded"/> with its velocity and offset; the
    /// decoded cells where the input has no hit stay as decoded.
    /// </summary>
    public static void KeepAll(Span<float> decoded, ReadOnlySpan<float> input, int steps)
    {
        Check(decoded, input, steps);
        for (int cell = 0; cell < DrumMapping.ClassCount * steps; cell++)
            if (input[cell] > GrooveGrid.HitLevel)
            {
                int velocity = GrooveGrid.VelocityChannel * steps + cell;
                int offset = GrooveGrid.OffsetChannel * steps + cell;
                (decoded[cell], decoded[velocity], decoded[offset]) = (input[cell], input[velocity], input[offset]);
            }
    }

    /// <summary>
    /// Leaves exactly <paramref name="input"/>'s hits in <paramref name="decoded"/>, a linear decode (the network's
    /// encoder, pursuit or centroids): each is played at the decoded velocity and offset read over the decoded hit
    /// value (<see cref="DecodedHits.ReadGivenHit"/>), the values a hit at that cell plays, or as the input plays it
    /// where the decode barely lights the cell (a hit value under <see cref="DecodedHits.MinReadHit"/>); every other
    /// cell falls silent.
    /// </summary>
    public static void Humanize(Span<float> decoded, ReadOnlySpan<float> input, int steps)
    {
        Check(decoded, input, steps);
        DecodedHits.ReadGivenHit(decoded, steps);
        for (int cell = 0; cell < DrumMapping.ClassCount * steps; cell++)
        {
            int velocity = GrooveGrid.VelocityChannel * steps + cell, offset = GrooveGrid.OffsetChannel * steps + cell;
            if (input[cell] <= GrooveGrid.HitLevel) (decoded[cell], decoded[velocity], decoded[offset]) = (0, 0, 0);
            else if (decoded[cell] < DecodedHits.MinReadHit)
                (decoded[cell], decoded[velocity], decoded[offset]) = (input[cell], input[velocity], input[offset]);
            else decoded[cell] = input[cell];
        }
    }

    private static void Check(Span<float> decoded, ReadOnlySpan<float> input, int steps)
    {
        if (decoded.Length != GrooveGrid.Channels * steps || input.Length != decoded.Length)
            throw new ArgumentException(
                $"the decoded and input windows must both be [{GrooveGrid.Channels}, {steps}]");
    }
}
