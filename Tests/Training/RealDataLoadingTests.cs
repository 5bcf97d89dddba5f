using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// The presets' datasets turned into training sets, on a few real files (skipped without ../shared/datasets).
/// </summary>
public class RealDataLoadingTests
{
    [Test]
    public void GroovePaperGivesOneBarGridsForTrainAndValidation()
    {
        var options = TrainingPresets.GroovePaper with { Data = TestData.GrooveDir(), MaxFiles = 4 };
        var data = TrainingDataLoader.Load(options, cache: null);

        Assert.That(data.Train, Is.InstanceOf<SignalSet>());
        Assert.That((data.Train.Channels, data.Train.LengthOf(0)), Is.EqualTo((27, 16)));
        Assert.That(data.Train.Count, Is.GreaterThan(4), "four files hold more than one bar each");
        Assert.That(data.Validation, Is.Not.Null);
        Assert.That(data.Representation.Kind, Is.EqualTo(RepresentationKind.Groove));
        Assert.That(data.Description[0], Does.StartWith("groove train: 4 files"));
    }

    [Test]
    public void GrooveInEveryMeterGivesVariableLengthSections()
    {
        var options = TrainingPresets.GroovePaper with { Data = TestData.GrooveDir(), Meter = "all", Bars = 2,
            HopBars = 2, ValidationSplit = "none" };
        var data = TrainingDataLoader.Load(options, cache: null);

        var lengths = Enumerable.Range(0, data.Train.Count).Select(data.Train.LengthOf).Distinct().ToList();
        Assert.That(lengths, Has.Count.GreaterThan(1), "the train split has files in 3/4 and 6/8 besides 4/4");
        Assert.That(lengths, Does.Contain(32));
        Assert.That(data.Validation, Is.Null);
    }

    [Test]
    public void MaestroPaperGivesWholePiecesAsEventOneHots()
    {
        var options = TrainingPresets.MaestroPaper with { Data = TestData.MaestroDir(), MaxFiles = 1 };
        var data = TrainingDataLoader.Load(options, cache: null);

        Assert.That((data.Train.Count, data.Validation!.Count, data.Train.Channels), Is.EqualTo((1, 1, 388)));
        var piece = data.Train.Gather([0]);
        Assert.That(piece.Length, Is.EqualTo(data.Train.LengthOf(0)).And.GreaterThan(1000),
            "a whole performance, not a window");
        for (int t = 0; t < piece.Length; t += 97)
            Assert.That(Enumerable.Range(0, 388).Sum(c => piece.Values[c * piece.Length + t]), Is.EqualTo(1f),
                $"column {t} is one-hot");
        Assert.That(data.Representation.Kind, Is.EqualTo(RepresentationKind.Events));
    }

    [Test]
    public void OnsetRollWindowsCoverEveryFrameOfEachPieceAtTheirFrameRate()
    {
        var options = TrainingPresets.MaestroPaper with
        {
            Data = TestData.MaestroDir(), MaxFiles = 2, Encoding = RepresentationKind.OnsetRoll, FramesPerSecond = 20,
            TcnWidths = [], FrameLength = 4, WindowFrames = 32,
        };
        var data = TrainingDataLoader.Load(options, cache: null);

        var windows = (PieceWindows)data.Train;
        Assert.That((windows.Pieces, windows.Channels, windows.LengthOf(0)), Is.EqualTo((2, 264, 32)));
        var entries = MaestroIndex.Load(options.Data!).Select(new MaestroFilter("train")).Take(2).ToList();
        var index = MaestroIndex.Load(options.Data!);
        int expected = entries.Sum(e =>
        {
            var notes = PerformanceNotes.FromSong(MidiReader.Read(index.PathOf(e)));
            int frames = (int)Math.Floor(notes.Max(n => n.End) * 20 + 0.5) + 1;
            return (frames + 31) / 32;
        });
        Assert.That(windows.Count, Is.EqualTo(expected),
            "32-frame windows up to one frame past each piece's last note");
        var batch = windows.Gather([0, windows.Count - 1]);
        Assert.That(batch.Values.Take(264 * 32).Count(v => v == 1), Is.GreaterThan(0), "the first window holds onsets");
        Assert.That(data.Representation, Is.EqualTo(new RepresentationSettings(RepresentationKind.OnsetRoll, 20)));
    }
}
