using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// <see cref="InputHits"/>: a decoded window kept within its input's hits (<see cref="InputHits.KeepWithin"/>), or
/// around all of them (<see cref="InputHits.KeepAll"/>).
/// </summary>
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
    public void KeepingAllPutsEveryInputHitBackAsPlayedAndLeavesTheDecodedOnesElsewhere()
    {
        var input = new float[GrooveGrid.Channels * Steps];
        var decoded = new float[input.Length];
        (input[1], input[GrooveGrid.VelocityChannel * Steps + 1], input[GrooveGrid.OffsetChannel * Steps + 1])
            = (1, 0.55f, -0.1f);
        input[Steps + 2] = 0.4f; // below the hit threshold: no hit
        (decoded[1], decoded[GrooveGrid.VelocityChannel * Steps + 1]) = (0.2f, 0.9f); // the code nearly drops it
        (decoded[3], decoded[Steps + 2], decoded[GrooveGrid.VelocityChannel * Steps + 3]) = (0.8f, 0.3f, 0.6f);

        InputHits.KeepAll(decoded, input, Steps);

        Assert.That((decoded[1], decoded[GrooveGrid.VelocityChannel * Steps + 1],
            decoded[GrooveGrid.OffsetChannel * Steps + 1]), Is.EqualTo((1f, 0.55f, -0.1f)),
            "the input's hit, as played");
        Assert.That((decoded[3], decoded[Steps + 2], decoded[GrooveGrid.VelocityChannel * Steps + 3]),
            Is.EqualTo((0.8f, 0.3f, 0.6f)), "cells without an input hit stay as decoded");
    }

    [Test]
    public void WindowsOfOtherShapesAreRefused()
    {
        var window = new float[GrooveGrid.Channels * Steps];
        Assert.That(() => InputHits.KeepWithin(window, window, Steps + 1), Throws.ArgumentException);
        Assert.That(() => InputHits.KeepAll(window, new float[window.Length - 1], Steps), Throws.ArgumentException);
    }
}
