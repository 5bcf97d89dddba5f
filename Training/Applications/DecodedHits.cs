using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// How a linear decode's hits are played. A Groove window decoded linearly (the network's encoder or pursuit; the gain
/// and union codes decode a lit cell's values as its atom's own already) holds in its velocity and offset rows a hit's
/// values times its hit value, so a cell the code lights at 0.6 would play at 0.6 of its velocity, its offset pulled
/// toward the grid. Read over the hit value, they are the values a hit at that cell plays: what the humanizer
/// (<see cref="InputHits.Humanize"/>) and the denoiser play.
/// </summary>
public static class DecodedHits
{
    /// <summary>The least decoded hit value whose velocity and offset <see cref="ReadGivenHit"/> reads.</summary>
    public const float MinReadHit = 0.05f;

    /// <summary>
    /// Replaces, in place, the velocity and offset of each cell of <paramref name="decoded"/> [27,
    /// <paramref name="steps"/>] lit at <see cref="MinReadHit"/> or more by the value over its hit value, clamped to
    /// its range (velocity [1/127, 1], offset [−1, 1]); cells lit less keep theirs.
    /// </summary>
    public static void ReadGivenHit(Span<float> decoded, int steps)
    {
        if (steps < 0 || decoded.Length != GrooveGrid.Channels * steps)
            throw new ArgumentException($"a decoded window must be [{GrooveGrid.Channels}, {steps}]");
        for (int cell = 0; cell < DrumMapping.ClassCount * steps; cell++)
        {
            float hit = decoded[cell];
            if (!(hit >= MinReadHit)) continue;
            int velocity = GrooveGrid.VelocityChannel * steps + cell, offset = GrooveGrid.OffsetChannel * steps + cell;
            decoded[velocity] = Math.Clamp(decoded[velocity] / hit, 1f / 127, 1f);
            decoded[offset] = Math.Clamp(decoded[offset] / hit, -1f, 1f);
        }
    }
}
