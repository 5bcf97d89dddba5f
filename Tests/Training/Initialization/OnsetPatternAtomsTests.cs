using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Evaluation.RateDistortion.Piano;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Tests.Midi;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.Training.Initialization;

/// <summary>
/// --init-atoms onset-patterns: the per-key basis, then the chords the training frames of the onset roll repeat most,
/// so a repeated chord costs one non-zero.
/// </summary>
public class OnsetPatternAtomsTests
{
    private const int Frame = 2, FramesPerSecond = 20;
    private const int Size = OnsetRoll.Channels * Frame;

    // key index of MIDI pitch p at step s of a frame: its onset cell
    private static int Cell(int pitch, int step) => (pitch - PianoRoll.LowestPitch) * Frame + step;

    // a frame [264, 2] with onsets of the given (pitch, step, velocity / 127)
    private static float[] FrameOf(params (int Pitch, int Step, float Velocity)[] onsets)
    {
        var frame = new float[Size];
        foreach (var (pitch, step, velocity) in onsets)
        {
            frame[Cell(pitch, step)] = 1;
            frame[OnsetRoll.VelocityRow * Frame + Cell(pitch, step)] = velocity;
        }
        return frame;
    }

    private static float[] Triad(float velocity) => FrameOf((60, 0, velocity), (64, 0, velocity), (67, 0, velocity));

    [Test]
    public void WholeChordsCountAndSoDoThePairsInsideThemButOnceIsNoPattern()
    {
        var counter = new OnsetPatternCounter(Frame);
        foreach (var frame in new[] { Triad(0.4f), Triad(0.6f), Triad(0.8f), FrameOf((48, 1, 0.5f), (60, 1, 0.5f)),
            FrameOf((72, 0, 0.5f)), new float[Size] })
            counter.Add(frame);

        var patterns = counter.MostSaving(10);

        Assert.That(counter.Frames, Is.EqualTo(6));
        Assert.That(patterns.Select(p => (p.Cells.Length, p.Count, p.Saved)),
            Is.EqualTo(new[] { (3, 3, 6L), (2, 3, 3L), (2, 3, 3L), (2, 3, 3L) }), "the octave, held once, is left out");
        Assert.That(patterns[0].Cells, Is.EqualTo(new[] { Cell(60, 0), Cell(64, 0), Cell(67, 0) }));
        Assert.That(patterns[0].Velocities, Is.All.EqualTo(0.6f).Within(1e-6));
        Assert.That(patterns[1].Cells, Is.EqualTo(new[] { Cell(60, 0), Cell(64, 0) }));
        Assert.That(counter.MostSaving(2), Has.Count.EqualTo(2));
    }

    [Test]
    public void PatternsRankByTheNonZerosTheySave()
    {
        var counter = new OnsetPatternCounter(Frame);
        var octave = FrameOf((48, 1, 0.5f), (60, 1, 0.5f));
        var fiveNotes = FrameOf((36, 0, 0.5f), (48, 0, 0.5f), (55, 0, 0.5f), (60, 0, 0.5f), (64, 0, 0.5f));
        for (int i = 0; i < 5; i++) counter.Add(octave);
        for (int i = 0; i < 2; i++) counter.Add(fiveNotes);

        var best = counter.MostSaving(2);

        // the chord saves 2 x 4 = 8, the octave 5 x 1 = 5, each pair inside the chord 2 x 1
        Assert.That(best.Select(p => (p.Cells.Length, p.Saved)), Is.EqualTo(new[] { (5, 8L), (2, 5L) }));
        var sevenNotes = FrameOf((36, 0, 0.5f), (40, 0, 0.5f), (43, 0, 0.5f), (48, 0, 0.5f), (52, 0, 0.5f),
            (55, 0, 0.5f), (60, 0, 0.5f));
        var large = new OnsetPatternCounter(Frame);
        for (int i = 0; i < 3; i++) large.Add(sevenNotes);
        Assert.That(large.MostSaving(100).Select(p => p.Cells.Length), Is.EqualTo(Enumerable.Repeat(2, 21)),
            $"a frame of more than {OnsetPatternCounter.MaxEvents} onsets counts only its pairs");
    }

    [Test]
    public void CountingOffsetsTooFindsAChordsReleaseAndANoteEndingAsTheNextBegins()
    {
        int offsetRow = OnsetRoll.OffsetRow * Frame;
        var release = new float[Size];
        release[offsetRow + Cell(60, 1)] = release[offsetRow + Cell(64, 1)] = 1;
        var legato = FrameOf((62, 1, 0.5f));
        legato[offsetRow + Cell(60, 1)] = 1;
        var onsetsOnly = new OnsetPatternCounter(Frame);
        var events = new OnsetPatternCounter(Frame, countOffsets: true);
        foreach (var frame in new[] { release, release, legato, legato, legato, Triad(0.5f), Triad(0.5f) })
        {
            onsetsOnly.Add(frame);
            events.Add(frame);
        }

        var ends = events.MostSaving(10, holdingOffsets: true);

        Assert.That(onsetsOnly.MostSaving(10).SelectMany(p => p.Cells), Is.All.LessThan(PianoRoll.Keys * Frame));
        Assert.That(ends.Select(p => (p.Count, p.Cells.Length)), Is.EqualTo(new[] { (3, 2), (2, 2) }),
            "the legato step, then the release; the triad holds no offset");
        Assert.That(ends[0].Cells, Is.EqualTo(new[] { Cell(62, 1), offsetRow + Cell(60, 1) }));
        Assert.That(ends[0].Velocities, Is.EqualTo(new[] { 0.5f, 0f }).Within(1e-6));
        int keyAtoms = OnsetPatternAtoms.MinimumAtoms(Frame);
        var atoms = OnsetPatternAtoms.Build([release, release, legato, legato, legato, Triad(0.5f), Triad(0.5f)],
            Frame, keyAtoms + 4, offsetShare: 0.5);
        // two onset patterns (the triad, then its first pair), then the legato step and the release
        var legatoAtom = atoms.AsSpan((keyAtoms + 2) * Size, Size).ToArray();
        Assert.That(legatoAtom, Is.EqualTo(legato).Within(1e-6));
        Assert.That(atoms.AsSpan((keyAtoms + 3) * Size, Size).ToArray(), Is.EqualTo(release));
    }

    [Test]
    public void TheDictionaryIsThePerKeyBasisThenThePatterns()
    {
        var frames = new[] { Triad(0.4f), Triad(0.6f), FrameOf((72, 1, 0.9f)) };
        int keyAtoms = OnsetPatternAtoms.MinimumAtoms(Frame);

        var atoms = OnsetPatternAtoms.Build(frames, Frame, keyAtoms + 1);

        var means = new KeyVelocityMeans(Frame);
        foreach (var frame in frames) means.Add(frame);
        Assert.That(atoms.AsSpan(0, keyAtoms * Size).ToArray(), Is.EqualTo(KeyAtoms.Build(means.Means(), Frame)));
        Assert.That(means.Means()[72 - PianoRoll.LowestPitch], Is.EqualTo(0.9f).Within(1e-6));
        Assert.That(atoms.AsSpan(keyAtoms * Size, Size).ToArray(), Is.EqualTo(Triad(0.5f)).Within(1e-6));
    }

    [Test]
    public void TooFewAtomsOrTooFewRepeatedPatternsAreClearErrors()
    {
        int keyAtoms = OnsetPatternAtoms.MinimumAtoms(Frame);

        Assert.That(() => OnsetPatternAtoms.Build([Triad(0.5f), Triad(0.5f)], Frame, keyAtoms - 1),
            Throws.ArgumentException.With.Message.Contains($"give --atoms {keyAtoms} or more"));
        // the triad and its three pairs repeat: four patterns
        Assert.That(() => OnsetPatternAtoms.Build([Triad(0.5f), Triad(0.5f)], Frame, keyAtoms + 5),
            Throws.ArgumentException.With.Message.Contains("repeat only 4 onset patterns, fewer than the 5 atoms")
                .And.Message.Contains($"give --atoms {keyAtoms + 4} or fewer"));
        Assert.That(() => OnsetPatternAtoms.Build([Triad(0.5f), Triad(0.5f)], Frame, keyAtoms + 4, offsetShare: 0.5),
            Throws.ArgumentException.With.Message.Contains("2 onset patterns and 0 holding note ends, fewer than "
                + "the 2 and 2 atoms").And.Message.Contains($"give --atoms {keyAtoms + 2} or fewer"));
        Assert.That(() => OnsetPatternAtoms.Build([new float[Size - 1]], Frame, keyAtoms),
            Throws.ArgumentException.With.Message.Contains("onset-roll frame holds [264, 2]"));
    }

    [Test]
    public void ATrainingRunStartsFromThePatternsAndOmpCodesARepeatedChordWithOneNonZero()
    {
        // a C major triad every 0.4 s and a lone note between: the triad is the one repeated pattern
        var notes = Enumerable.Range(0, 12).SelectMany(r => new TimedNote[]
        {
            new(60, 64, r * 0.4, r * 0.4 + 0.2), new(64, 64, r * 0.4, r * 0.4 + 0.2),
            new(67, 64, r * 0.4, r * 0.4 + 0.2), new(72 + r % 3, 64, r * 0.4 + 0.2, r * 0.4 + 0.3),
        }).ToArray();
        var placed = new FrameNotes(notes, FrameClock.PerSecond(FramesPerSecond));
        const int length = 96, window = 16;
        var train = new PieceWindows(OnsetRoll.Channels, [length], window,
            (_, first, frames, window) => OnsetRoll.Render(placed, first, frames).CopyTo(window));
        int atoms = OnsetPatternAtoms.MinimumAtoms(Frame) + 4;
        var options = TrainingPresets.MaestroPaper with
        {
            Data = "maestro", TcnWidths = [], Encoding = RepresentationKind.OnsetRoll,
            FramesPerSecond = FramesPerSecond, WindowFrames = window, Atoms = atoms, FrameLength = Frame, KStart = 1,
            KEnd = 1, InitAtoms = AtomInitialization.OnsetPatterns, Epochs = 0, ValidationSplit = "none",
        };
        options.Validate();
        var data = new TrainingData(train, null,
            new RepresentationSettings(RepresentationKind.OnsetRoll, FramesPerSecond), ["chords"], []);
        string folder = TempRun();
        try
        {
            using var backend = new CpuBackend();
            using var trainer = new Trainer(options, data, backend, new RunFolder(folder));
            using var coder = PursuitCoder.ForModel(trainer.Model);
            var triad = Triad(64 / 127f);
            using var input = Tensor.FromHost(backend, triad, 1, OnsetRoll.Channels, Frame);

            // code [1, N, 1]: one pick
            using var code = coder.Encode(input, nonzerosPerGroup: 1);
            using var decoded = coder.Decode(code);

            var picks = code.ToHost(backend);
            Assert.That(Array.FindIndex(picks, v => v != 0), Is.EqualTo(OnsetPatternAtoms.MinimumAtoms(Frame)),
                "the first pattern atom, the triad");
            Assert.That(decoded.ToHost(backend), Is.EqualTo(triad).Within(1e-4));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Test]
    public void OnARealPieceThePatternsItRepeatsFindMoreOnsetsThanThePerKeyBasisAtFewerNonzerosThanNotes()
    {
        // needs ../shared/datasets/maestro-v3.0.0 (skips without it): the first 60 s of a real performance
        const int steps = 60 * FramesPerSecond;
        var clock = FrameClock.PerSecond(FramesPerSecond);
        var placed = new FrameNotes(PerformanceNotes.FromSong(MidiReader.Read(TestData.MaestroFiles(1)[0])), clock);
        var roll = OnsetRoll.Render(placed, 0, steps);
        var reference = OnsetRoll.Decode(roll, steps, clock);
        // the patterns are counted over the whole piece: frames [T / 2, 264 * 2]
        int pieceSteps = OnsetRoll.FrameCount(placed) / Frame * Frame;
        var frames = BarSegments.Cut(OnsetRoll.Render(placed, 0, pieceSteps), 1, OnsetRoll.Channels, pieceSteps, Frame);
        var frameList = Enumerable.Range(0, pieceSteps / Frame).Select(f => frames[(f * Size)..((f + 1) * Size)]);
        int keyAtoms = OnsetPatternAtoms.MinimumAtoms(Frame), patterns = 32, budget = reference.Length / 2;
        using var backend = new CpuBackend();

        double OnsetF1(float[] atoms, int count)
        {
            using var coder = new PursuitCoder(backend, atoms, count, OnsetRoll.Channels, Frame);
            using var input = Tensor.FromHost(backend, roll, 1, OnsetRoll.Channels, steps);
            // code [1, N, steps / 2], one group of all frames
            using var code = coder.Encode(input, budget, groupFrames: steps / Frame);
            using var decoded = coder.Decode(code);
            return NoteMatching.Match(reference, OnsetRoll.Decode(decoded.ToHost(backend), steps, clock)).F1;
        }

        var withPatterns = OnsetPatternAtoms.Build(frameList, Frame, keyAtoms + patterns);
        var keysOnly = withPatterns[..(keyAtoms * Size)];
        double patternF1 = OnsetF1(withPatterns, keyAtoms + patterns), keyF1 = OnsetF1(keysOnly, keyAtoms);
        TestContext.Out.WriteLine($"{reference.Length} notes, {budget} non-zeros: onset F1 {patternF1:0.###} with "
            + $"{patterns} patterns, {keyF1:0.###} with the per-key basis alone");
        Assert.That(reference, Has.Length.GreaterThan(200), "the excerpt holds music");
        Assert.That(keyF1, Is.LessThan(0.75), "at one non-zero per two notes the per-key basis misses onsets");
        Assert.That(patternF1, Is.GreaterThan(keyF1 + 0.02));
    }

    [Test]
    public void TheOptionNeedsTheOnsetRollAndRoomForThePerKeyBasis()
    {
        var piano = TrainingPresets.PianoBest with { Data = "maestro", InitAtoms = AtomInitialization.OnsetPatterns };
        int keyAtoms = OnsetPatternAtoms.MinimumAtoms(piano.FrameLength);

        Assert.That(() => (piano with { Atoms = keyAtoms, Epochs = 0 }).Validate(), Throws.Nothing,
            "the mined atoms are fit to the data, so 0 epochs keeps them");
        Assert.That(() => (piano with { Atoms = keyAtoms - 1 }).Validate(),
            Throws.ArgumentException.With.Message.Contains($"give atoms {keyAtoms} or more, not {keyAtoms - 1}"));
        Assert.That(() => (piano with { Atoms = keyAtoms, Encoding = RepresentationKind.Pianoroll }).Validate(),
            Throws.ArgumentException.With.Message.Contains("'onset-patterns'").And.Message.Contains("onset-roll"));
        Assert.That(() => (Small with { InitAtoms = AtomInitialization.OnsetPatterns, Atoms = 400 }).Validate(),
            Throws.ArgumentException.With.Message.Contains("maestro dataset"));
        Assert.That(() => (piano with { Atoms = keyAtoms, PatternOffsets = 0.5 }).Validate(), Throws.Nothing);
        foreach (var (share, init) in new[] { (1.5, AtomInitialization.OnsetPatterns), (-0.1,
            AtomInitialization.OnsetPatterns), (0.5, AtomInitialization.Kmeans) })
            Assert.That(() => (piano with { Atoms = keyAtoms, PatternOffsets = share, InitAtoms = init }).Validate(),
                Throws.ArgumentException.With.Message.Contains("pattern_offsets is a share in [0, 1]"), $"{share}");
    }
}
