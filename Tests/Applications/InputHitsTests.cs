using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

/// <summary><see cref="InputHits.KeepWithin"/>: a decoded window kept within its input's hits.</summary>
public class InputHitsTests
{
    private const int Steps = 4;

    [Test]
    public void DecodedHitsWhereTheInputHasNoneAreZeroedAndTheOtherRowsKept()
    {
        var input = new float[GrooveGrid.Channels * Steps];
        var decoded = new float[input.Length];
        input[1] = 1; // kick, step 1
        input[Steps + 2] = 0.4f; // below the hit threshold: no hit
        (decoded[1], decoded[2], decoded[Steps + 2]) = (0.9f, 1.3f, 0.8f);
        decoded[GrooveGrid.VelocityChannel * Steps + 2] = 0.7f;

        InputHits.KeepWithin(decoded, input, Steps);

        Assert.That((decoded[1], decoded[2], decoded[Steps + 2]), Is.EqualTo((0.9f, 0f, 0f)));
        Assert.That(decoded[GrooveGrid.VelocityChannel * Steps + 2], Is.EqualTo(0.7f), "velocities stay as decoded");
    }

    [Test]
    public void WindowsOfOtherShapesAreRefused()
        => Assert.That(() => InputHits.KeepWithin(new float[GrooveGrid.Channels * Steps],
            new float[GrooveGrid.Channels * Steps], Steps + 1), Throws.ArgumentException);
}
