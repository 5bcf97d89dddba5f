using TcnWtaNative.Midi;

namespace TcnWtaNative.Tests.Midi;

/// <summary>
/// Note F1 with offsets as mir_eval: onset within 50 ms, offset within max(50 ms, 20% of the reference note).
/// </summary>
public class NoteMatchingWithOffsetsTests
{
    [Test]
    public void AnOffsetCountsWithinTwentyPercentOfTheReferenceNoteOrFiftyMilliseconds()
    {
        TimedNote[] reference = [new(60, 80, 0, 2), new(62, 80, 0, 0.1)];
        // 2 s note: 0.4 s of offset tolerance; 0.1 s note: the 50 ms floor
        TimedNote[] close = [new(60, 80, 0.01, 2.39), new(62, 80, 0, 0.149)];
        TimedNote[] far = [new(60, 80, 0.01, 2.41), new(62, 80, 0, 0.151)];

        Assert.That(NoteMatching.MatchWithOffsets(reference, close).Matched, Is.EqualTo(2));
        Assert.That(NoteMatching.MatchWithOffsets(reference, far).Matched, Is.EqualTo(0));
        Assert.That(NoteMatching.Match(reference, far).Matched, Is.EqualTo(2), "the onset-only score ignores offsets");
    }

    [Test]
    public void OneFrameAtTwentyFramesPerSecondIsWithinFiftyMilliseconds()
    {
        // 0.2 - 0.15 is 0.05000000000000002 in binary floating point; mir_eval rounds to 7 decimals first
        TimedNote[] reference = [new(60, 80, 0.15, 0.6)];
        TimedNote[] estimate = [new(60, 80, 0.2, 0.65)];

        Assert.That(NoteMatching.Match(reference, estimate).Matched, Is.EqualTo(1));
        Assert.That(NoteMatching.MatchWithOffsets(reference, estimate).Matched, Is.EqualTo(1));
    }

    [Test]
    public void TheMatchingIsMaximumWhereTheFirstCandidateWouldBlockAnother()
    {
        // a may take x or y, b only x (y's offset is 0.25 s from b's, beyond b's 0.166 s): the best pairs a-y and b-x
        TimedNote a = new(60, 80, 0, 1), b = new(60, 80, 0.03, 0.9);
        TimedNote x = new(60, 80, 0.02, 1), y = new(60, 80, 0.04, 1.15);

        var score = NoteMatching.MatchWithOffsets([a, b], [x, y]);

        Assert.That(score.Matched, Is.EqualTo(2));
        Assert.That(score.F1, Is.EqualTo(1));
        Assert.That(NoteMatching.MatchWithOffsets([a, b], [y]).Matched, Is.EqualTo(1));
        Assert.That(NoteMatching.MatchWithOffsets([b], [y]).Matched, Is.EqualTo(0));
    }

    [Test]
    public void EveryNoteMatchesAtMostOnceAndPitchesMustAgree()
    {
        TimedNote[] reference = [new(60, 80, 0, 1), new(60, 80, 0.01, 1), new(64, 80, 0, 1)];
        TimedNote[] estimate = [new(60, 80, 0, 1), new(65, 80, 0, 1)];

        var score = NoteMatching.MatchWithOffsets(reference, estimate);

        Assert.That(score, Is.EqualTo(new NoteMatchResult(1, 3, 2)));
        Assert.That(NoteMatching.MatchWithOffsets([], []).F1, Is.EqualTo(1));
    }
}
