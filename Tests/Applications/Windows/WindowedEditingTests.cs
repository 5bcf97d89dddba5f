using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Tests.Applications.Windows;

/// <summary>
/// The commands that once coded whole pieces (swap, interpolate, atom usage, and the pooled code statistics of classify
/// and styles, over whole pieces and over their first steps) give in windows of three frames what the whole-piece codes
/// give: the same pairs, mixes, usage, statistics, notes and MIDI, for every representation, with and without a TCN
/// front end. The whole-piece reference is built here from the same primitives the windows use.
/// </summary>
public class WindowedEditingTests
{
    private CpuBackend _backend = null!;

    [OneTimeSetUp]
    public void Open() => _backend = new CpuBackend();

    [OneTimeTearDown]
    public void Close() => _backend.Dispose();

    [TestCaseSource(typeof(WindowTestPieces), nameof(WindowTestPieces.KindsAndTcns))]
    public void SwapInWindowsGivesTheWholePieceSwap(RepresentationKind kind, int[] tcn)
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(kind));
        using var trained = WindowTestPieces.Model(_backend, representation, tcn);
        var (songA, songB) = (WindowTestPieces.Song(kind), WindowTestPieces.Song(kind, seed: 6, notes: 45));
        var (a, b) = (representation.Encode(songA), representation.Encode(songB));
        var codeA = trained.Encode(a);
        var pairs = CodeEditing.PairTopAtoms(codeA.Usage(), trained.Encode(b).Usage(), 6);
        var signal = trained.Decode(CodeEditing.MoveAtoms(codeA, pairs), a.Length);

        var plan = WindowPlan.For(trained.Model.Config, frames: 3);
        var (windowed, windowedPairs) = PieceSwap.Run(trained, representation.Windows(songA),
            representation.Windows(songB), 6, plan);

        Assert.That(pairs, Is.Not.Empty);
        // an untrained TCN ranks the atoms of any two pieces alike; without one the pieces' rankings differ
        if (tcn.Length == 0) Assert.That(pairs.Any(p => p.From != p.To), "the swap moves some atom");
        Assert.That(windowedPairs, Is.EqualTo(pairs));
        Assert.That(windowed.Output.Song("x").Notes,
            Is.EqualTo(representation.ToSong(signal, a.Length, a.Bpm, a.Meter, "x").Notes));
        Assert.That(windowed.Match(), Is.EqualTo(trained.Score(a, signal)), "the result scored against A");
    }

    [TestCaseSource(typeof(WindowTestPieces), nameof(WindowTestPieces.KindsAndTcns))]
    public void InterpolationInWindowsGivesTheWholePieceMixes(RepresentationKind kind, int[] tcn)
    {
        foreach (int? match in new int?[] { null, 5 })
        {
            var representation = MusicRepresentations.Create(new RepresentationSettings(kind));
            using var trained = WindowTestPieces.Model(_backend, representation, tcn);
            var (songA, songB) = (WindowTestPieces.Song(kind), WindowTestPieces.Song(kind, seed: 6, notes: 45));
            var (a, b) = (representation.Encode(songA), representation.Encode(songB));
            var (codeA, codeB) = (trained.Encode(a), trained.Encode(b));
            var sections = match is int columns
                ? SectionMatching.MostSimilar(DenseSectionMatching.Tally(codeA), DenseSectionMatching.Tally(codeB),
                    columns)
                : new SectionMatch(0, 0, Math.Min(codeA.Columns, codeB.Columns), double.NaN);
            int length = match is null ? Math.Min(a.Length, b.Length)
                : sections.Columns * trained.Model.Config.FrameLength;
            var sectionA = CodeEditing.Columns(codeA, sections.FirstA, sections.Columns);
            var sectionB = CodeEditing.Columns(codeB, sections.FirstB, sections.Columns);

            var plan = WindowPlan.For(trained.Model.Config, frames: 3);
            var path = Interpolation.Between(trained, representation.Windows(songA), representation.Windows(songB), 4,
                match, plan);

            Assert.That(path.Sections, Is.EqualTo(sections), $"match {match}: the sections");
            Assert.That(path.Codes(0).Count(), Is.GreaterThan(1), "the section spans several windows");
            for (int step = 0; step <= 4; step++)
            {
                double t = step / 4.0;
                var mix = CodeEditing.KeepMixedEnergy(CodeEditing.Interpolate(trained.Model.Backend, sectionA, sectionB,
                    t, trained.Model.TopK), sectionA, sectionB, t);
                var signal = trained.Decode(mix, length);
                double bpm = (1 - t) * a.Bpm + t * b.Bpm;
                Assert.That(WindowTestPieces.Joined(path.Codes(step)), Is.EqualTo(mix.Values),
                    $"match {match}, step {step}: the mix");
                Assert.That(path.Bpm(step), Is.EqualTo(bpm));
                Assert.That(path.Decode(step).Song("x").Notes,
                    Is.EqualTo(representation.ToSong(signal, length, bpm, a.Meter, "x").Notes),
                    $"match {match}, step {step}: the notes");
            }
        }
    }

    [TestCaseSource(typeof(WindowTestPieces), nameof(WindowTestPieces.KindsAndTcns))]
    public void AtomUsageFromWindowsIsTheWholeCodesUsage(RepresentationKind kind, int[] tcn)
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(kind));
        using var trained = WindowTestPieces.Model(_backend, representation, tcn);
        var song = WindowTestPieces.Song(kind);
        var whole = new AtomUsage(10);
        whole.Add(trained.Encode(representation.Encode(song)));
        var windowed = new AtomUsage(10);
        var plan = WindowPlan.For(trained.Model.Config, frames: 3);
        windowed.Add(WindowedCoding.Code(representation.Windows(song), plan, p => trained.Encode(p))
            .Select(w => w.Code));

        Assert.That(whole.ActiveColumns.Sum(), Is.GreaterThan(0));
        Assert.That((windowed.Pieces, windowed.Columns), Is.EqualTo((whole.Pieces, whole.Columns)),
            "one piece, every column");
        Assert.That(windowed.Activation, Is.EqualTo(whole.Activation));
        Assert.That(windowed.ActiveColumns, Is.EqualTo(whole.ActiveColumns));
    }

    [TestCaseSource(typeof(WindowTestPieces), nameof(WindowTestPieces.KindsAndTcns))]
    public void WindowsPoolToTheWholePieceStatistics(RepresentationKind kind, int[] tcn)
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(kind));
        using var trained = WindowTestPieces.Model(_backend, representation, tcn);
        var song = WindowTestPieces.Song(kind);
        var piece = representation.Encode(song);
        var plan = WindowPlan.For(trained.Model.Config, frames: 3);
        foreach (int steps in new[] { piece.Length, piece.Length / 2 - 1 })
        {
            var whole = new PooledCode.Accumulator(trained.Model.Config.Atoms);
            whole.Add(
                trained.Model.Encode(SignalRows.TrimToLength(piece.Signal, piece.Channels, piece.Length, steps),
                steps));
            var expected = whole.Result();

            var windowed = PieceFeatures.PooledCodeOf(trained,
                new FirstStepsWindows(representation.Windows(song), steps), plan);

            Assert.That(expected.Max.Any(m => m != 0), "the code has winners");
            Assert.That(windowed.Mean, Is.EqualTo(expected.Mean), $"first {steps} steps: mean");
            Assert.That(windowed.Max, Is.EqualTo(expected.Max), $"first {steps} steps: max");
            Assert.That(windowed.Usage, Is.EqualTo(expected.Usage), $"first {steps} steps: usage");
        }
    }
}
