using System.Globalization;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Applications.Windows;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// `--encoder gain` on swap, interpolate and atoms --data: each codes its pieces window by window through
/// <see cref="PieceFrameCoder"/>, and what it moves, mixes or counts is what the rate-distortion study's
/// <see cref="GainSearchCoder"/> chooses for the whole piece's frames; the commands write that, and refuse the
/// combinations the gain search does not take with one line.
/// </summary>
[NonParallelizable]
public sealed class GainEditingTests : SyntheticModelFixture
{
    private WindowPlan ThreeFrames => WindowPlan.For(Trained.Model.Config, frames: 3);

    [Test]
    public void SwapMovesTheStudysGainCodeWindowByWindow()
    {
        var (a, b) = (PieceReader.Read(Trained, A), PieceReader.Read(Trained, B));
        var codeA = StudyCode(a);
        var pairs = CodeEditing.PairTopAtoms(codeA.Usage(), StudyCode(b).Usage(), 2);
        var signal = Trained.Decode(CodeEditing.MoveAtoms(codeA, pairs), a.Length, CodeEncoder.Gain);

        var (windowed, windowedPairs) = PieceSwap.Run(Trained, new DenseSignalWindows(a), new DenseSignalWindows(b), 2,
            ThreeFrames, CodeEncoder.Gain);
        string printed = CliRunner.Succeed(On(TestModels.Synthetic, "swap", "--a", A, "--b", B, "--swap-atoms", "2",
            "--encoder", "gain", "--out", Out("swapped.mid")));

        Assert.That(pairs.Any(p => p.From != p.To), "the swap moves some atom");
        Assert.That(windowedPairs, Is.EqualTo(pairs));
        var expected = Trained.Representation.ToSong(signal, a.Length, a.Bpm, a.Meter, "x").Notes;
        Assert.That(windowed.Output.Song("x").Notes, Is.EqualTo(expected));
        Assert.That(printed,
            Does.Contain("swapped (A -> B): " + string.Join(", ", pairs.Select(p => $"{p.From} -> {p.To}"))));
        Assert.That(MidiReader.Read(Out("swapped.mid")).Notes, Has.Count.EqualTo(expected.Count));
    }

    [TestCase(null)]
    [TestCase(3)]
    public void InterpolateMixesTheStudysGainCodesOneAtomAColumn(int? match)
    {
        var (a, b) = (PieceReader.Read(Trained, A), PieceReader.Read(Trained, B));
        var (codeA, codeB) = (StudyCode(a), StudyCode(b));
        var sections = match is int columns ? DenseSectionMatching.MostSimilar(codeA, codeB, columns)
            : new SectionMatch(0, 0, Math.Min(codeA.Columns, codeB.Columns), double.NaN);
        var sectionA = CodeEditing.Columns(codeA, sections.FirstA, sections.Columns);
        var sectionB = CodeEditing.Columns(codeB, sections.FirstB, sections.Columns);

        var path = Interpolation.Between(Trained, new DenseSignalWindows(a), new DenseSignalWindows(b), 4, match,
            ThreeFrames, CodeEncoder.Gain);

        Assert.That(path.Sections, Is.EqualTo(sections));
        for (int step = 0; step <= 4; step++)
        {
            double t = step / 4.0;
            var mix = CodeEditing.KeepMixedEnergy(
                CodeEditing.Interpolate(Trained.Model.Backend, sectionA, sectionB, t, 1), sectionA, sectionB, t);
            Assert.That(WindowTestPieces.Joined(path.Codes(step)), Is.EqualTo(mix.Values), $"step {step}: the mix");
            for (int l = 0; l < mix.Columns; l++)
                Assert.That(Enumerable.Range(0, mix.Atoms).Count(n => mix[n, l] != 0), Is.AtMost(1),
                    $"step {step}, column {l}");
        }
        if (match is int length)
        {
            string printed = CliRunner.Succeed(On(TestModels.Synthetic, "interpolate", "--a", A, "--b", B,
                "--steps", "2", "--match", "--columns", $"{length}", "--encoder", "gain", "--out", Out("path")));
            Assert.That(printed, Does.Contain(string.Create(CultureInfo.InvariantCulture,
                $"A columns {sections.FirstA}..{sections.FirstA + length - 1}, ")
                + $"B columns {sections.FirstB}..{sections.FirstB + length - 1}, "
                + string.Create(CultureInfo.InvariantCulture, $"cosine {sections.Cosine:F3}")));
        }
    }

    [Test]
    public void AtomsDataCountsTheStudysGainCode()
    {
        var expected = new AtomUsage(Trained.Model.Config.Atoms);
        foreach (string file in new[] { A, B }) expected.Add(StudyCode(PieceReader.Read(Trained, file)));

        string printed = CliRunner.Succeed(On(TestModels.Synthetic, "atoms", "--data", A, B, "--encoder", "gain",
            "--out", Out("atoms")));

        Assert.That(printed, Does.Contain("code columns at k = 1 (gain)"));
        var rows = File.ReadAllLines(Path.Combine(Out("atoms"), "atoms.csv")).Skip(1).Select(line => line.Split(','))
            .ToList();
        Assert.That(rows.Select(r => int.Parse(r[1], CultureInfo.InvariantCulture)),
            Is.EqualTo(expected.OrderByUsage()));
        foreach (var row in rows)
        {
            int n = int.Parse(row[1], CultureInfo.InvariantCulture);
            Assert.That(double.Parse(row[2], CultureInfo.InvariantCulture), Is.EqualTo(expected.Activation[n])
                .Within(1e-3).Percent, $"atom {n}: summed gain (6 digits)");
            Assert.That(long.Parse(row[3], CultureInfo.InvariantCulture), Is.EqualTo(expected.ActiveColumns[n]),
                $"atom {n}: frames");
        }
    }

    [TestCase("atoms --encoder gain --out OUT",
        "error: --encoder gain codes the --data files to measure usage: give --data, or leave --encoder out to sort "
        + "the atoms by norm")]
    [TestCase("swap --a A --b B --swap-atoms 1 --encoder gain --k 2 --out OUT",
        "error: --encoder gain codes one atom and its gain per frame: give --k 1 or no --k, not 2")]
    [TestCase("interpolate --a A --b B --encoder gain --k 3 --out OUT",
        "error: --encoder gain codes one atom and its gain per frame: give --k 1 or no --k, not 3")]
    public void BadGainCombinationsAreRefusedWithOneLine(string command, string error)
    {
        string output = Out($"refused-{command.Split(' ')[0]}");
        var args = command.Split(' ').Select(arg => arg switch { "A" => A, "B" => B, "OUT" => output, _ => arg });
        var (exit, _, stderr) = CliRunner.Run(On(TestModels.Synthetic, [.. args]));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n').Last(), Is.EqualTo(error));
        Assert.That(Path.Exists(output), Is.False, "nothing written");
    }

    // the study's gain search over the whole piece's frames as a code [N, L]: its gain at (its atom, l)
    private SparseCode StudyCode(EncodedPiece piece)
    {
        var config = Trained.Model.Config;
        int frame = config.FrameLength, columns = (piece.Length + frame - 1) / frame;
        using var study = GainSearchCoder.ForModel(Trained.Model, frame);
        var padded = SignalRows.PadToLength(piece.Signal, piece.Channels, piece.Length, columns * frame);
        var (atoms, gains) = study.Choose(BarSegments.Cut(padded, 1, piece.Channels, columns * frame, frame), columns);
        var code = SparseCode.Zeros(config.Atoms, columns);
        for (int l = 0; l < columns; l++)
            if (atoms[l] >= 0) code.Values[atoms[l] * columns + l] = gains[l];
        return code;
    }
}
