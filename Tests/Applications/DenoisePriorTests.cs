using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// <see cref="Denoising.Denoise"/> with a cell prior, on the model trained on synthetic drum patterns and a prior
/// from synthetic training bars.
/// </summary>
public class DenoisePriorTests : SyntheticModelFixture
{
    private static readonly CellPrior SyntheticPrior = FitOnSyntheticBars();

    private static CellPrior FitOnSyntheticBars()
    {
        var train = SyntheticDrums.Generate(256, seed: 11);
        return new CellPrior(train.Stack([.. Enumerable.Range(0, train.Count)]), train.Count, train.Length,
            new HitNoise(1));
    }

    private ISignalWindows NoisyPiece(int seed)
    {
        var clean = PieceReader.Read(Trained, TestModels.SyntheticSequence(Out($"s{seed}.mid"),
            [0, 1, 2, 3, 1]));
        return new DenseSignalWindows(NoiseInjection.Apply(clean, new HitNoise(1), seed).Noisy);
    }

    [Test]
    public void TheBlendKeepsOnlyHitsOfTheNoisyInputAtCellsPlayedInTraining()
    {
        var piece = NoisyPiece(seed: 4);
        // training bars where only the kick plays, on every step: any other drum's hit is noise
        var kickBars = new float[8 * GrooveGrid.Channels * 16];
        for (int bar = 0; bar < 8; bar++)
            for (int t = 0; t < 16; t++) kickBars[bar * GrooveGrid.Channels * 16 + t] = 1;
        var kickOnly = new CellPrior(kickBars, 8, 16, new HitNoise(1));

        var alone = Denoising.Denoise(Trained, piece, 1, null, CodeEncoder.Gain);
        var blended = Denoising.Denoise(Trained, piece, 1, null, CodeEncoder.Gain, prior: kickOnly);

        // a note's cell: its pitch and its sixteenth, offsets (under half a step) rounded away
        double stepSeconds = 60 / piece.Bpm / 4;
        HashSet<(int, long)> Cells(IEnumerable<TimedNote> notes)
            => [.. notes.Select(n => (n.Pitch, (long)Math.Round(n.Start / stepSeconds)))];
        var kept = Cells(blended.Output.Notes());
        Assert.That(kept, Is.Not.Empty);
        Assert.That(kept, Is.SubsetOf(Cells(blended.InputNotes)),
            "a cell without a noisy hit has posterior 0, so it stays at most 0.5");
        Assert.That(kept.Select(cell => cell.Item1), Is.All.EqualTo(DrumMapping.FirstPitch(0)),
            "the drums never played in training are dropped");
        Assert.That(Cells(alone.Output.Notes()).Select(cell => cell.Item1),
            Has.Some.Not.EqualTo(DrumMapping.FirstPitch(0)),
            "the code alone keeps other drums");
    }

    [Test]
    public void OnALitOrDarkCodeThePriorKeepsWhatOnlyRemoveKeepsWhenTrainingPlayedEveryCell()
    {
        var piece = NoisyPiece(seed: 6);
        // the synthetic bars and one bar with every cell hit: no cell's rate is 0, so every posterior is above 0
        var train = SyntheticDrums.Generate(64, seed: 12);
        var full = new float[GrooveGrid.Channels * 16];
        Array.Fill(full, 1f, 0, DrumMapping.ClassCount * 16);
        train.Add(full);
        var everyCell = new CellPrior(train.Stack([.. Enumerable.Range(0, train.Count)]), train.Count, 16,
            new HitNoise(3));

        var blended = Denoising.Denoise(Trained, piece, 1, null, CodeEncoder.Gain, prior: everyCell);
        var removed = Denoising.Denoise(Trained, piece, 1, null, CodeEncoder.Gain, changes: HitChanges.OnlyRemove);
        var alone = Denoising.Denoise(Trained, piece, 1, null, CodeEncoder.Gain);

        // a decoded hit of the gain code is lit (at least 1 before the clamp) or dark (0): half of it plus half a
        // positive posterior is above 0.5 exactly where it is lit and the noisy input has a hit; the prior plays a
        // kept hit as decoded, --only-remove as the input played it
        double stepSeconds = 60 / piece.Bpm / 4;
        (int, long) Cell(TimedNote note) => (note.Pitch, (long)Math.Round(note.Start / stepSeconds));
        var input = blended.InputNotes.ToDictionary(Cell);
        var same = NoteMatching.Match(blended.Output.Notes(), removed.Output.Notes(), onsetTolerance: stepSeconds / 2);
        Assert.That((same.F1, same.ReferenceCount), Is.EqualTo((1.0, removed.Output.Notes().Count)),
            "the same hits, each within half a step (where its decoded and its played offset put it)");
        Assert.That(removed.Output.Notes(), Is.EqualTo(removed.Output.Notes().Select(n => input[Cell(n)]))
            .Using<TimedNote>((a, b) => a.Pitch == b.Pitch && a.Velocity == b.Velocity
                && Math.Abs(a.Start - b.Start) < 1e-3),
            "each hit --only-remove keeps is the input's note as played");
        Assert.That(removed.Output.Notes().Count, Is.LessThanOrEqualTo(alone.Output.Notes().Count));
    }

    [Test]
    public void WindowsOfOneFrameBlendAsTheWholePieceDoes()
    {
        var piece = NoisyPiece(seed: 5);
        int frame = Trained.Model.Config.FrameLength;

        var whole = Denoising.Denoise(Trained, piece, 1, null, CodeEncoder.Gain, new WindowPlan(frame, int.MaxValue, 0),
            SyntheticPrior);
        var framed = Denoising.Denoise(Trained, piece, 1, null, CodeEncoder.Gain, new WindowPlan(frame, 1, 0),
            SyntheticPrior);

        Assert.That(framed.Output.Notes(), Is.EqualTo(whole.Output.Notes()));
        Assert.That(framed.Loss, Is.EqualTo(whole.Loss).Within(1e-9));
    }

    [Test]
    public void APieceWhoseBarsAreNotThePriorsIsRefused()
    {
        var waltz = PieceReader.Read(Trained, TestModels.SyntheticSequence(Out("waltz.mid"), [0, 1],
            new TimeSignature(0, 3, 4)));

        Assert.That(() => Denoising.Denoise(Trained, new DenseSignalWindows(waltz), 1, null, prior: SyntheticPrior),
            Throws.ArgumentException.With.Message
                .EqualTo("the prior's bars are 16 steps long but the piece is in 3/4, 12 steps a bar"));
    }
}
