using TcnWtaNative.Midi;

namespace TcnWtaNative.Tests.Midi;

/// <summary><see cref="NoteMatching.VelocityMae"/>: the velocity error of the notes an estimate finds.</summary>
public class NoteVelocityErrorTests
{
    [Test]
    public void TheErrorIsTheMeanOverTheOnsetMatchedNotesAlone()
    {
        TimedNote[] reference = [new(36, 100, 0, 0.1), new(38, 60, 0.5, 0.6), new(42, 90, 1, 1.1)];
        // the kick 27 too soft, the snare 13 too loud; the hat 0.2 s late is not found, the extra tom not matched
        TimedNote[] estimate = [new(36, 73, 0.01, 0.1), new(38, 73, 0.5, 0.6), new(42, 20, 1.2, 1.3),
            new(45, 1, 0, 0.1)];

        Assert.That(NoteMatching.VelocityMae(reference, estimate), Is.EqualTo((27 + 13) / 2.0 / 127).Within(1e-12));
        Assert.That(NoteMatching.VelocityMae(reference, reference), Is.Zero);
    }

    // none found was printed as 0.000, a perfect score
    [Test]
    public void NoNoteFoundHasNoErrorAtAll()
        => Assert.That(NoteMatching.VelocityMae([new(36, 100, 0, 0.1)], [new(38, 100, 0, 0.1)]), Is.Null);
}
