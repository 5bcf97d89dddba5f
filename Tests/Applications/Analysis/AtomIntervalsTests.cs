using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications.Analysis;

public class AtomIntervalsTests
{
    // atoms on the keys C, E, G and the C above (semitones 0, 4, 7, 12)
    private static readonly int[] Keys = [0, 4, 7, 12];

    // code [4 atoms, 3 columns]: C and E together, then G, then both Cs
    private static readonly float[] Values = [1, 0, 1, 1, 0, 0, 0, 2, 0, 0, 0, 3];

    [Test]
    public void AtomsTakeTheKeyOfTheirStrongestRowWhicheverPartOfTheRollItIsIn()
    {
        // 3 atoms [264, 2]: an onset on key 39, an offset on key 43, a velocity on key 10 (beside a weaker onset)
        const int channels = OnsetRoll.Channels, length = 2;
        var values = new float[3 * channels * length];
        values[(0 * channels + 39) * length] = 0.9f;
        values[(1 * channels + OnsetRoll.OffsetRow + 43) * length + 1] = -0.8f;
        values[(2 * channels + OnsetRoll.VelocityRow + 10) * length] = 0.7f;
        values[(2 * channels + 20) * length] = 0.5f;

        var keys = AtomIntervals.KeysOf(new AtomDictionary(values, 3, channels, length));

        Assert.That(keys, Is.EqualTo(new[] { 39, 43, 10 }));
    }

    [Test]
    public void PairsInAColumnCountTheirDistanceAndPairsInAdjacentColumnsTheirStep()
    {
        var intervals = new AtomIntervals.Accumulator(Keys);
        intervals.Add(new SparseCode(4, 3, Values));

        var row = intervals.Result();

        Assert.That(row, Has.Length.EqualTo(AtomIntervals.Count));
        var same = row[..(AtomIntervals.Widest + 1)];
        var adjacent = row[(AtomIntervals.Widest + 1)..];
        Assert.That(same[4], Is.EqualTo(0.5), "C with E");
        Assert.That(same[12], Is.EqualTo(0.5), "C with the C above");
        Assert.That(same.Sum(), Is.EqualTo(1).Within(1e-12));
        foreach (int step in new[] { 7, 3, 5, -7 })   // C->G, E->G, G->high C, G->low C
            Assert.That(adjacent[step + AtomIntervals.Widest], Is.EqualTo(0.25), $"step {step}");
        Assert.That(adjacent.Sum(), Is.EqualTo(1).Within(1e-12));
    }

    [Test]
    public void WindowsCountTheStepAcrossTheirBoundary()
    {
        var whole = new AtomIntervals.Accumulator(Keys);
        whole.Add(new SparseCode(4, 3, Values));
        var windowed = new AtomIntervals.Accumulator(Keys);
        windowed.Add(new SparseCode(4, 1, [1, 1, 0, 0]));
        windowed.Add(new SparseCode(4, 2, [0, 1, 0, 0, 2, 0, 0, 3]));

        Assert.That(windowed.Result(), Is.EqualTo(whole.Result()));
    }

    [Test]
    public void IntervalsWiderThanTwoOctavesShareTheLastBin()
    {
        var intervals = new AtomIntervals.Accumulator([0, 40]);
        intervals.Add(new SparseCode(2, 2, [1, 0, 1, 1]));

        var row = intervals.Result();

        Assert.That(row[AtomIntervals.Widest], Is.EqualTo(1), "0 and 40 together: a distance of 24 or more");
        Assert.That(row[AtomIntervals.Widest + 1 + 2 * AtomIntervals.Widest], Is.EqualTo(0.5), "0 -> 40: +24 or more");
    }

    [Test]
    public void TheNotesThemselvesGiveTheSameRowFromTheirOnsetsInColumnsOfATenthOfASecond()
    {
        // C and E together, G in the next column, then a gap of two columns before the C above
        TimedNote[] notes = [new(60, 80, 1.0, 2), new(64, 80, 1.02, 2), new(67, 80, 1.15, 2), new(72, 80, 1.45, 2)];

        var row = AtomIntervals.OfNotes(notes);

        Assert.That(row[4], Is.EqualTo(1), "the one pair in a column: C with E");
        Assert.That(row[AtomIntervals.Widest + 1 + AtomIntervals.Widest + 7], Is.EqualTo(0.5), "C -> G");
        Assert.That(row[AtomIntervals.Widest + 1 + AtomIntervals.Widest + 3], Is.EqualTo(0.5),
            "E -> G; none across the gap");
        Assert.That(AtomIntervals.OfNotes([]), Is.All.EqualTo(0));
    }

    [Test]
    public void AWindowOfTheWrongAtomCountIsRefused()
        => Assert.That(() => new AtomIntervals.Accumulator(Keys).Add(new SparseCode(2, 1, [1, 0])),
            Throws.ArgumentException.With.Message.Contains("2 atoms"));
}
