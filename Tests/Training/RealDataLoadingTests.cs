using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>The presets' datasets turned into training sets, on a few real files (skipped without ../shared/datasets).</summary>
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
        var options = TrainingPresets.GroovePaper with { Data = TestData.GrooveDir(), Meter = "all", Bars = 2, HopBars = 2, ValidationSplit = "none" };
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
        Assert.That(piece.Length, Is.EqualTo(data.Train.LengthOf(0)).And.GreaterThan(1000), "a whole performance, not a window");
        for (int t = 0; t < piece.Length; t += 97)
            Assert.That(Enumerable.Range(0, 388).Sum(c => piece.Values[c * piece.Length + t]), Is.EqualTo(1f), $"column {t} is one-hot");
        Assert.That(data.Representation.Kind, Is.EqualTo(RepresentationKind.Events));
    }
}
