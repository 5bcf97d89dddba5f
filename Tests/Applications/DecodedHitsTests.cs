using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// <see cref="DecodedHits.ReadGivenHit"/>: a linear decode's velocity and offset read over its hit value.
/// </summary>
public class DecodedHitsTests
{
    private const int Steps = 4;

    [Test]
    public void EachLitCellPlaysItsValuesOverItsHitValueClampedToTheirRanges()
    {
        int velocity = GrooveGrid.VelocityChannel * Steps, offset = GrooveGrid.OffsetChannel * Steps;
        var decoded = new float[GrooveGrid.Channels * Steps];
        // cell 0: half lit, velocity 0.3 and offset -0.2 over a hit of 0.5 play 0.6 and -0.4
        (decoded[0], decoded[velocity], decoded[offset]) = (0.5f, 0.3f, -0.2f);
        // cell 1: lit past 1 by the gain search, its values too loud by as much
        (decoded[1], decoded[velocity + 1], decoded[offset + 1]) = (1.6f, 0.8f, 0.4f);
        // cell 2: values past their ranges are clamped (velocity at most 1, offset at least -1)
        (decoded[2], decoded[velocity + 2], decoded[offset + 2]) = (0.2f, 0.5f, -0.4f);
        // cell 3: barely lit (under 0.05), and a cell of another drum at a negative hit value: left as decoded
        (decoded[3], decoded[velocity + 3], decoded[offset + 3]) = (0.01f, 0.009f, 0.004f);
        (decoded[Steps], decoded[velocity + Steps], decoded[offset + Steps]) = (-0.3f, 0.1f, 0.1f);
        var hits = decoded[..(DrumMapping.ClassCount * Steps)];

        DecodedHits.ReadGivenHit(decoded, Steps);

        Assert.That(decoded[..(DrumMapping.ClassCount * Steps)], Is.EqualTo(hits), "the hit rows are not touched");
        Assert.That((decoded[velocity], decoded[offset]), Is.EqualTo((0.6f, -0.4f)).Within(1e-6));
        Assert.That((decoded[velocity + 1], decoded[offset + 1]), Is.EqualTo((0.5f, 0.25f)).Within(1e-6));
        Assert.That((decoded[velocity + 2], decoded[offset + 2]), Is.EqualTo((1f, -1f)));
        Assert.That((decoded[velocity + 3], decoded[offset + 3]), Is.EqualTo((0.009f, 0.004f)));
        Assert.That((decoded[velocity + Steps], decoded[offset + Steps]), Is.EqualTo((0.1f, 0.1f)));
    }

    [Test]
    public void AWindowOfAnotherShapeIsRefused()
        => Assert.That(() => DecodedHits.ReadGivenHit(new float[GrooveGrid.Channels * Steps - 1], Steps),
            Throws.ArgumentException);
}
