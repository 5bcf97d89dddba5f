using TcnWtaNative.Cli.Plots.Atoms;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Cli.Plots;

/// <summary>
/// What the atom pictures are drawn from: titles, order, row and column labels, and the PNGs themselves.
/// </summary>
public class AtomPictureTests
{
    [Test]
    public void DemoCaptionsNameThePatternsEachAtomMatchesAndSetTheOthersApart()
    {
        var matches = new[] { ("rock", 0.999f, 2), ("bossa", 0.97f, 0), ("jazz", 0.95f, 2) };

        var tiles = AtomCaptions.ByMatch(matches, atomCount: 3).Tiles;

        Assert.That(tiles.Select(t => t.Title),
            Is.EqualTo(new[] { "#0  bossa 0.970", "#2  rock 0.999, jazz 0.950", "#1" }));
        Assert.That(tiles[2].SetApart, Is.True);
    }

    [Test]
    public void UsageCaptionsGiveSharesInUsageOrderAndSetUnusedAtomsApart()
    {
        var usage = new AtomUsage(4);
        // code [4 atoms, 4 columns]: atom 2 wins three columns (3.0 in all), atom 0 one (0.5), atoms 1 and 3 none
        usage.Add(new SparseCode(4, 4, [0.5f, 0, 0, 0, /**/ 0, 0, 0, 0, /**/ 1, 1, 1, 0, /**/ 0, 0, 0, 0]));

        var tiles = AtomCaptions.ByUsage(usage, limit: 4).Tiles;

        Assert.That(tiles.Select(t => t.Atom), Is.EqualTo(new[] { 2, 0, 1, 3 }));
        Assert.That(tiles[0].Title, Is.EqualTo("#2  85.7%"));
        Assert.That(tiles[1].Title, Is.EqualTo("#0  14.3%"));
        Assert.That(tiles.Select(t => t.SetApart), Is.EqualTo(new[] { false, false, true, true }));
        Assert.That(tiles[2].Title, Does.Contain("unused"));
        Assert.That(AtomCaptions.ByUsage(usage, limit: 1).Tiles, Has.Count.EqualTo(1));
    }

    [Test]
    public void OrderedMovesSetApartTilesLastKeepingEachGroupsOrder()
    {
        AtomCaption[] given = [new(5, "a", true), new(1, "b", false), new(4, "c", true), new(2, "d", false)];

        var tiles = AtomCaptions.Ordered(given);

        Assert.That(tiles.Select(t => t.Atom), Is.EqualTo(new[] { 1, 2, 5, 4 }));
    }

    [Test]
    public void TileGridStartsTheSetApartTilesOnANewRowBelowAHeading()
    {
        var tiles = Enumerable.Range(0, 5).Select(n => new AtomCaption(n, $"#{n}", n >= 3)).ToList();

        var grid = new AtomTileGrid(tiles, tileWidth: 10, tileHeight: 10);

        Assert.That(grid.Across, Is.EqualTo(3));
        Assert.That(grid.Corner(3), Is.EqualTo((0, 10 + AtomTileGrid.HeadingRows)),
            "the first unused tile opens a row under the heading");
        Assert.That(grid.HeadingTopRow, Is.EqualTo(10));
        Assert.That(grid.Height, Is.EqualTo(20 + AtomTileGrid.HeadingRows));
        Assert.That(new AtomTileGrid(tiles.Take(3).ToList(), 10, 10).HeadingTopRow, Is.Null);
    }

    [Test]
    public void DrumRowsNameEveryDrumInEachBlockWithTheKickLowest()
    {
        var rows = Enumerable.Range(0, GrooveGrid.Channels).Select(DrumAtomGridPlot.CellRow).ToList();
        var labels = Enumerable.Range(0, GrooveGrid.Channels).Select(DrumAtomGridPlot.RowLabel).ToList();

        Assert.That(rows, Is.Unique);
        Assert.That(rows[0], Is.GreaterThan(rows[DrumMapping.ClassCount - 1]), "the kick is drawn below the ride");
        Assert.That(rows[DrumMapping.ClassCount], Is.GreaterThan(rows[0]), "velocities come under the hits");
        foreach (string drum in DrumMapping.ClassNames)
            Assert.That(labels.Count(l => l.EndsWith(drum, StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(labels,
            Does.Contain("velocity: ride").And.Contain("offset (+ late): ride").And.Contain("hit: ride"));
    }

    [Test]
    public void StepsAreCountedAsADrummerCountsThem()
    {
        var labels = Enumerable.Range(0, GrooveGrid.StepsPerWholeNote).Select(DrumAtomGridPlot.StepLabel);

        Assert.That(string.Join(" ", labels), Is.EqualTo("1 e & a 2 e & a 3 e & a 4 e & a"));
    }

    [TestCase(60, "C4")]
    [TestCase(21, "A0")]
    [TestCase(61, "C#4")]
    [TestCase(108, "C8")]
    public void PitchesAreNamedWithMiddleCAsC4(int pitch, string name)
        => Assert.That(PitchNames.Of(pitch), Is.EqualTo(name));

    [Test]
    public void AxesNameFewPitchesAllAndManyByTheirEndsAndCsAndRollsSpanTheirNotes()
    {
        Assert.That(PitchNames.Landmarks([64, 60, 64], most: 8).Select(p => p.Name), Is.EqualTo(new[] { "C4", "E4" }));
        Assert.That(PitchNames.Landmarks(Enumerable.Range(50, 30), most: 8).Select(p => p.Name),
            Is.EqualTo(new[] { "D3", "C4", "C5", "G5" }));
        Assert.That(PianoAtomGridPlot.SpanSeconds([new(60, 80, 0, 0.3)], atomSeconds: 0.1), Is.EqualTo(0.3));
        Assert.That(PianoAtomGridPlot.SpanSeconds([], atomSeconds: 0.1), Is.EqualTo(0.1));
    }

    [Test]
    public void OnsetRollAtomsAreDrawnAsTheNotesTheyDecodeTo()
    {
        const int atoms = 6, frames = 2;
        var representation = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.OnsetRoll, 20));
        // atom n [264, 2]: key 39 + n (C4 + n) starts in frame 0 at velocity 0.8; atom 5 plays nothing
        float[] Played(int n)
        {
            var roll = new float[OnsetRoll.Channels * frames];
            if (n == atoms - 1) return roll;
            roll[(39 + n) * frames] = 1;
            roll[(OnsetRoll.VelocityRow + 39 + n) * frames] = 0.8f;
            return roll;
        }
        var tiles = Enumerable.Range(0, atoms).Select(n => new AtomCaption(n, $"#{n}", n == atoms - 1));
        var captions = new AtomCaptions([.. tiles], "unused");

        byte[] png = AtomGridPlot.Png(captions, Played, frames, representation);

        Assert.That(representation.ToNotes(Played(0), frames, 120).Single().Pitch, Is.EqualTo(60),
            "atom 0 plays middle C");
        Assert.That(png, Has.Length.GreaterThan(10_000));
    }

    [Test]
    public void DrumAtomsOfTheWrongShapeAreRefused()
    {
        var captions = new AtomCaptions([new AtomCaption(0, "#0", false)], "");

        Assert.That(() => DrumAtomGridPlot.Png(captions, _ => new float[10], 16),
            Throws.ArgumentException.With.Message.Contains("[27, 16]"));
        Assert.That(DrumAtomGridPlot.Png(captions, _ => new float[GrooveGrid.Channels * 16], 16),
            Has.Length.GreaterThan(5_000));
    }
}
