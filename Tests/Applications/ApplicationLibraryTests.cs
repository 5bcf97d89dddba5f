using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Tests.Applications;

/// <summary>The application classes on a small model trained on synthetic drum patterns.</summary>
public class ApplicationLibraryTests
{
    private CpuBackend _backend = null!;
    private TrainedModel _model = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public void Open()
    {
        _backend = new CpuBackend();
        _model = TrainedModel.Load(TestModels.Synthetic, _backend);
        _folder = TestModels.OutputFolder();
    }

    [OneTimeTearDown]
    public void Close()
    {
        _model.Dispose();
        _backend.Dispose();
        Directory.Delete(_folder, true);
    }

    private static int Hits(float[] grid, int steps, int first, int count)
    {
        int hits = 0;
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
            for (int t = first; t < first + count; t++) hits += grid[drum * steps + t] > 0.5f ? 1 : 0;
        return hits;
    }

    [Test]
    public void InterpolationEndpointsDecodeToTheEndpointReconstructions()
    {
        var a = PieceReader.Read(_model, TestModels.SyntheticFile(_folder, 0));
        var b = PieceReader.Read(_model, TestModels.SyntheticFile(_folder, 3));

        var path = Interpolation.Between(_model, new DenseSignalWindows(a), new DenseSignalWindows(b), steps: 4,
            matchColumns: null);

        Assert.That(path.Steps, Is.EqualTo(4));
        Assert.That(path.Decode(0).Notes(),
            Is.EqualTo(NotesOf(_model.Model.Reconstruct(a.Signal, a.Length).Reconstruction, a)));
        Assert.That(path.Decode(4).Notes(),
            Is.EqualTo(NotesOf(_model.Model.Reconstruct(b.Signal, b.Length).Reconstruction, b)));
        for (int step = 0; step <= path.Steps; step++)
            foreach (var code in path.Codes(step))
                for (int l = 0; l < code.Columns; l++)
                    Assert.That(Enumerable.Range(0, code.Atoms).Count(n => code[n, l] != 0),
                        Is.LessThanOrEqualTo(_model.Model.TopK));
    }

    private IReadOnlyList<TimedNote> NotesOf(float[] signal, EncodedPiece piece)
        => _model.Representation.ToNotes(signal, piece.Length, piece.Bpm);

    [Test]
    public void DenoisingWithTheTrainedKRemovesRandomHitsFromASyntheticPattern()
    {
        var clean = PieceReader.Read(_model, TestModels.SyntheticFile(_folder, 1));
        var (noisy, added, _) = NoiseInjection.Apply(clean, new HitNoise(0.5), seed: 4);

        var denoised = Denoising.Denoise(_model, new DenseSignalWindows(noisy), k: 1, atoms: null);

        int cleanHits = Hits(clean.Signal, clean.Length, 0, clean.Length);
        Assert.That(added, Is.EqualTo((int)Math.Round(0.5 * cleanHits)));
        Assert.That(Hits(noisy.Signal, noisy.Length, 0, noisy.Length), Is.EqualTo(cleanHits + added));
        var cleanNotes = _model.Representation.ToNotes(clean.Signal, clean.Length, clean.Bpm);
        double noisyF1 = _model.Score(clean, noisy.Signal).F1,
            denoisedF1 = NoteMatching.Match(cleanNotes, denoised.Output.Notes()).F1;
        Assert.That(noisyF1, Is.LessThan(0.9));
        Assert.That(denoisedF1, Is.GreaterThan(noisyF1 + 0.05), $"noisy {noisyF1:F3}, denoised {denoisedF1:F3}");
    }

    [Test]
    public void NoiseNeedsAGrooveGridAndAPositiveRate()
    {
        var clean = PieceReader.Read(_model, TestModels.SyntheticFile(_folder, 1));
        Assert.That(() => NoiseInjection.Apply(clean, new HitNoise(0), 1),
            Throws.ArgumentException.With.Message.Contains("add hits, drop them or quantize them"));
        Assert.That(() => NoiseInjection.Apply(clean with { Channels = 5 }, new HitNoise(0.5), 1),
            Throws.ArgumentException.With.Message.Contains("Groove drum grid"));
        Assert.That(NoiseInjection.Apply(clean, new HitNoise(0.5), 9).Noisy.Signal,
            Is.EqualTo(NoiseInjection.Apply(clean, new HitNoise(0.5), 9).Noisy.Signal), "seeded");
    }

    [TestCase("4-4", 16)]
    [TestCase("3-4", 12)]
    public void GeneratedDrumsRepeatTheBarsOfEqualSections(string meterLabel, int stepsPerBar)
    {
        var structure = DrumStructure.Parse("A B A B", 8);
        var meter = new TimeSignature(0, int.Parse(meterLabel[..1]), 4);
        var generator = new DrumStructureGenerator(_model);
        var seed = PieceReader.Windows(_model, TestModels.SyntheticFile(_folder, 2, bars: 8));
        var chain = new CodeChain(generator.ColumnsPerBar(meter));
        chain.Add(WindowedCoding.Tally(seed, WindowPlan.For(_model.Model.Config), p => _model.Encode(p),
            _model.Model.Config.Atoms, keepEntries: true));
        foreach (var drums in new[] { generator.FromUsage(structure, meter, new AtomUsage(_model.Model.Config.Atoms), 1,
            5), generator.FromSeed(structure, meter, seed, 5), generator.FromChain(structure, meter, chain, 5) })
        {
            int section = 2 * stepsPerBar;
            Assert.That((drums.Steps, drums.StepsPerSection), Is.EqualTo((8 * stepsPerBar, section)));
            var grid = DrumGrids.Of(generator, drums);
            Assert.That(Hits(grid, drums.Steps, 0, drums.Steps), Is.GreaterThan(0), "the drums play");
            for (int c = 0; c < 27; c++)
            {
                var row = grid.AsSpan(c * drums.Steps, drums.Steps);
                Assert.That(row.Slice(2 * section, section).ToArray(), Is.EqualTo(row[..section].ToArray()),
                    $"A = A, channel {c}");
                Assert.That(row.Slice(3 * section, section).ToArray(),
                    Is.EqualTo(row.Slice(section, section).ToArray()), $"B = B, channel {c}");
            }
        }
    }

    [Test]
    public void ChainedDrumsPlayOnlyTheAtomsOfTheDataTheChainWasBuiltFrom()
    {
        var generator = new DrumStructureGenerator(_model);
        var meter = new TimeSignature(0, 4, 4);
        var data = PieceReader.Windows(_model, TestModels.SyntheticFile(_folder, 1, bars: 4));
        var code = WindowedCoding.Tally(data, WindowPlan.For(_model.Model.Config), p => _model.Encode(p),
            _model.Model.Config.Atoms, keepEntries: true);
        var chain = new CodeChain(generator.ColumnsPerBar(meter));
        chain.Add(code);

        var drums = generator.FromChain(DrumStructure.Parse("A B", 8), meter, chain, 3);

        Assert.That(generator.ColumnsPerBar(meter), Is.EqualTo(1), "one-bar atoms");
        Assert.That(generator.ColumnsPerBar(new TimeSignature(0, 3, 4)), Is.EqualTo(1),
            "atoms longer than a bar leave the positions aside");
        foreach (var section in drums.CodeBySection.Values)
            Assert.That(section.UsedAtoms(), Is.SubsetOf(code.UsedAtoms()));
        Assert.That(Hits(DrumGrids.Of(generator, drums), drums.Steps, 0, drums.Steps), Is.GreaterThan(0));
    }

    [Test]
    public void AStructureMustSplitTheBarsEvenly()
    {
        Assert.That(DrumStructure.Parse("A, A B  A", 8).Sections, Is.EqualTo(new[] { "A", "A", "B", "A" }));
        Assert.That(DrumStructure.Parse("A A B A", 8).Names, Is.EqualTo(new[] { "A", "B" }));
        Assert.That(() => DrumStructure.Parse("A A B", 8),
            Throws.ArgumentException.With.Message.Contains("do not split evenly"));
        Assert.That(() => DrumStructure.Parse("  ", 8), Throws.ArgumentException.With.Message.Contains("empty"));
    }

    [Test]
    public void AMelodicFileIsRefusedByADrumModel()
    {
        string piano = Path.Combine(_folder, "piano.mid");
        MidiOutput.Write(new MidiSong("piano", 1, 1, new TempoMap(480, []), [TimeSignature.Default],
            Enumerable.Range(0, 12).Select(i => new MidiNote(0, 60 + i, 80, i * 240L, i * 240L + 200)), [], 3000),
                piano);

        Assert.That(() => PieceReader.Read(_model, piano),
            Throws.InstanceOf<MidiFormatException>().With.Message.Contains("not drums"));
        Assert.That(() => PieceReader.Read(_model, Path.Combine(_folder, "absent.mid")),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("no such MIDI file"));
    }

    // a roll leaves out notes off the keyboard; with none on it there is no step to code, said of the file
    [TestCase(RepresentationKind.Pianoroll)]
    [TestCase(RepresentationKind.OnsetRoll)]
    public void AFileWithNoNoteOnThe88KeysIsRefusedByAPianoRoll(RepresentationKind kind)
    {
        static MidiSong Song(params int[] pitches) => new("low", 1, 1, new TempoMap(480, []), [TimeSignature.Default],
            pitches.Select((pitch, i) => new MidiNote(0, pitch, 80, i * 240L, i * 240L + 200)), [], 960);
        var song = Song(5, 120);
        var keyed = Song(5, 120, 60);

        Assert.That(() => PieceReader.CheckKind(kind, song, "low.mid"),
            Throws.InstanceOf<MidiFormatException>().With.Message.Contains("low.mid")
                .And.Message.Contains("has no notes on the piano's 88 keys"));
        Assert.That(() => PieceReader.CheckKind(kind, keyed, "low.mid"), Throws.Nothing, "one key is enough");
    }
}
