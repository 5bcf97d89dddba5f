using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Tests.Applications.Windows;

/// <summary>
/// `drums` in windows of three frames gives what whole sections give: the same section codes, sampled by usage or cut
/// from a seed file coded window by window, and byte for byte the MIDI that decoding each section name's whole code,
/// cutting it to its section and stitching the sections' grids writes (the generator's path before it went into
/// windows), with and without a TCN, in 4/4 and in 5/8 (whose sections end inside a frame).
/// </summary>
public class WindowedDrumsTests
{
    private const double Bpm = 110;
    private CpuBackend _backend = null!;

    [OneTimeSetUp]
    public void Open() => _backend = new CpuBackend();

    [OneTimeTearDown]
    public void Close() => _backend.Dispose();

    [Test]
    public void DrumsInWindowsGiveTheWholeSectionsMidi([Values(4, 5)] int numerator, [Values(false, true)] bool tcn)
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.Groove));
        using var trained = WindowTestPieces.Model(_backend, representation, tcn ? [6, 5] : []);
        var meter = new TimeSignature(0, numerator, numerator == 4 ? 4 : 8);
        var structure = DrumStructure.Parse("A B A C", 12);
        var seed = WindowTestPieces.Song(RepresentationKind.Groove);
        var usage = new AtomUsage(trained.Model.Config.Atoms);
        var wholePlan = new WindowPlan(trained.Model.Config.FrameLength, int.MaxValue, 0);
        var whole = new DrumStructureGenerator(trained, wholePlan);
        var windowed = new DrumStructureGenerator(trained, WindowPlan.For(trained.Model.Config, frames: 3));

        var pairs = new[]
        {
            (whole.FromUsage(structure, meter, usage, 2, 7), windowed.FromUsage(structure, meter, usage, 2, 7)),
            (whole.FromSeed(structure, meter, representation.Windows(seed), 7),
                windowed.FromSeed(structure, meter, representation.Windows(seed), 7)),
        };

        foreach (var (expected, actual) in pairs)
        {
            Assert.That(actual.StepsPerSection % trained.Model.Config.FrameLength, Is.EqualTo(numerator == 4 ? 0 : 2));
            Assert.That(windowed.Decode(actual).Count(), Is.GreaterThan(2 * structure.Sections.Count),
                "each section spans several windows");
            foreach (string name in structure.Names)
            {
                var (codeExpected, codeActual) = (expected.CodeBySection[name], actual.CodeBySection[name]);
                Assert.That((codeActual.First, codeActual.Columns),
                    Is.EqualTo((codeExpected.First, codeExpected.Columns)),
                    name);
                Assert.That(WholeCode(codeActual).Values, Is.EqualTo(WholeCode(codeExpected).Values),
                    $"section {name}'s code");
            }
            var wholeGrid = WholeSectionsGrid(trained, expected);
            Assert.That(DrumGrids.Of(windowed, actual), Is.EqualTo(wholeGrid), "the decoded grid");
            var song = windowed.Assemble(actual, Bpm, meter).Song("drums");
            var wholeSong = trained.Representation.ToSong(wholeGrid, expected.Steps, Bpm, meter, "drums");
            Assert.That(MidiWriter.ToBytes(song), Is.EqualTo(MidiWriter.ToBytes(wholeSong)), "the MIDI file");
        }
        Assert.That(pairs[0].Item2.CodeBySection.Count, Is.EqualTo(3));
        Assert.That(windowed.Assemble(pairs[0].Item2, Bpm, meter).Notes(), Is.Not.Empty,
            "atoms at their unit peak play");
    }

    private static SparseCode WholeCode(SectionCode code) => code.Window(0, code.Columns);

    // each name's whole code decoded and cut to its section, the sections' grids stitched in playing order: [27, steps]
    private static float[] WholeSectionsGrid(TrainedModel trained, GeneratedDrums drums)
    {
        var decoded = drums.CodeBySection.ToDictionary(p => p.Key,
            p => trained.Decode(WholeCode(p.Value), drums.StepsPerSection));
        return SignalRows.Concatenate([.. drums.Sections.Select(name => decoded[name])], GrooveGrid.Channels,
            drums.StepsPerSection);
    }
}
