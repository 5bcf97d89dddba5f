using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// <see cref="InputHits"/>: a decoded window kept within its input's hits (<see cref="InputHits.KeepWithin"/>), or
/// around all of them (<see cref="InputHits.KeepAll"/>), or exactly on them at the decoded velocities and offsets
/// (<see cref="InputHits.Humanize"/>).
/// </summary>
public class InputHitsTests
{
    private const int Steps = 4;

    [Test]
    public void DecodedHitsWhereTheInputHasNoneAreZeroedAndTheKeptOnesPlayAsTheInputPlayedThem()
    {
        var input = new float[GrooveGrid.Channels * Steps];
        var decoded = new float[input.Length];
        (input[1], input[GrooveGrid.VelocityChannel * Steps + 1], input[GrooveGrid.OffsetChannel * Steps + 1])
            = (1, 0.8f, -0.3f); // kick, step 1
        input[Steps + 2] = 0.4f; // below the hit threshold: no hit
        (decoded[1], decoded[2], decoded[Steps + 2]) = (0.9f, 1.3f, 0.8f);
        (decoded[GrooveGrid.VelocityChannel * Steps + 1], decoded[GrooveGrid.OffsetChannel * Steps + 1])
            = (0.5f, 0.1f); // a linear decode: the values times the hit value
        decoded[GrooveGrid.VelocityChannel * Steps + 2] = 0.7f;

        InputHits.KeepWithin(decoded, input, Steps);

        Assert.That((decoded[1], decoded[2], decoded[Steps + 2]), Is.EqualTo((0.9f, 0f, 0f)),
            "the decoded hit value still decides whether an input hit stays");
        Assert.That((decoded[GrooveGrid.VelocityChannel * Steps + 1], decoded[GrooveGrid.OffsetChannel * Steps + 1]),
            Is.EqualTo((0.8f, -0.3f)), "a kept hit is played as the input played it");
        Assert.That(decoded[GrooveGrid.VelocityChannel * Steps + 2], Is.EqualTo(0.7f), "no input hit: as decoded");
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

    [Test]
    public void HumanizingPlaysExactlyTheInputHitsAtTheDecodedValuesOverTheDecodedHit()
    {
        int velocity = GrooveGrid.VelocityChannel * Steps, offset = GrooveGrid.OffsetChannel * Steps;
        var input = new float[GrooveGrid.Channels * Steps];
        var decoded = new float[input.Length];
        foreach (int cell in new[] { 0, 1, 2, 3 }) (input[cell], input[velocity + cell]) = (1, 100f / 127);
        // cell 0: half lit, velocity 0.3 and offset -0.2 over a hit of 0.5 play 0.6 and -0.4
        (decoded[0], decoded[velocity], decoded[offset]) = (0.5f, 0.3f, -0.2f);
        // cell 1: barely lit (under 0.05): played as the input plays it
        (decoded[1], decoded[velocity + 1], decoded[offset + 1]) = (0.01f, 0.009f, 0.004f);
        // cell 2: values past their ranges are clamped (velocity at most 1, offset at least -1)
        (decoded[2], decoded[velocity + 2], decoded[offset + 2]) = (0.2f, 0.5f, -0.4f);
        // cell 3: a full hit plays its values as decoded
        (decoded[3], decoded[velocity + 3], decoded[offset + 3]) = (1f, 0.45f, 0.1f);
        // a decoded hit where the input has none falls silent
        (decoded[Steps + 1], decoded[velocity + Steps + 1], decoded[offset + Steps + 1]) = (0.9f, 0.8f, 0.3f);

        InputHits.Humanize(decoded, input, Steps);

        Assert.That(Enumerable.Range(0, 9 * Steps).Select(cell => decoded[cell]),
            Is.EqualTo(Enumerable.Range(0, 9 * Steps).Select(cell => input[cell])), "exactly the input's hits");
        Assert.That(decoded[velocity], Is.EqualTo(0.6f).Within(1e-6));
        Assert.That(decoded[offset], Is.EqualTo(-0.4f).Within(1e-6));
        Assert.That((decoded[velocity + 1], decoded[offset + 1]), Is.EqualTo((100f / 127, 0f)));
        Assert.That((decoded[velocity + 2], decoded[offset + 2]), Is.EqualTo((1f, -1f)));
        Assert.That((decoded[velocity + 3], decoded[offset + 3]), Is.EqualTo((0.45f, 0.1f)));
        Assert.That((decoded[velocity + Steps + 1], decoded[offset + Steps + 1]), Is.EqualTo((0f, 0f)));
    }
}
