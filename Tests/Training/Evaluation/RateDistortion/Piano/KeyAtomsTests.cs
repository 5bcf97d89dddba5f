using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Evaluation.RateDistortion.Piano;
using TcnWtaNative.Training.Initialization;
using static TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano.SyntheticPiano;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// The hand-written per-key basis of the onset roll (`keys+omp`): one onset atom at the key's mean training velocity
/// and one offset atom per key and frame step, so a note costs two non-zeros.
/// </summary>
public class KeyAtomsTests
{
    private const int Frame = 2;
    private static readonly StepRate Rate = new(FramesPerSecond);
    private static readonly OnsetRollRepresentation Representation = new(FramesPerSecond);

    // key index of MIDI pitch p: p - 21 (A0 is key 0)
    private static int Key(int pitch) => pitch - PianoRoll.LowestPitch;

    private static EncodedPiece Piece(TimedNote[] notes) => Representation.Encode(PianoMidi.ToSong(notes));

    private static PianoTrainingSample SampleOf(EncodedPiece piece)
        => PianoTrainingSample.Draw([piece], OnsetRoll.Channels, windowSteps: 100_000, seed: 1);

    [Test]
    public void EachKeyPlaysItsMeanOnsetVelocityAndAKeyNeverPlayedTheMeanOfAll()
    {
        var piece = Piece([new(60, 40, 0, 0.2), new(60, 80, 0.4, 0.6), new(64, 100, 0.2, 0.4)]);

        var velocities = SampleOf(piece).KeyVelocityMeans();

        Assert.That(velocities[Key(60)], Is.EqualTo(60 / 127f).Within(1e-6));
        Assert.That(velocities[Key(64)], Is.EqualTo(100 / 127f).Within(1e-6));
        Assert.That(velocities[Key(21)], Is.EqualTo(220 / 3.0 / 127).Within(1e-6), "every onset's mean");
        var silent = PianoTrainingSample.Draw([new EncodedPiece(new float[OnsetRoll.Channels * 4], OnsetRoll.Channels,
            4, 120, TimeSignature.Default)], OnsetRoll.Channels, windowSteps: 4, seed: 1);
        Assert.That(silent.KeyVelocityMeans(), Is.All.EqualTo(KeyAtoms.DefaultVelocity));
    }

    [Test]
    public void AnAtomHoldsOneOnsetWithItsKeysVelocityOrOneOffset()
    {
        var velocities = Enumerable.Range(0, PianoRoll.Keys).Select(key => key / 100f).ToArray();
        int atomSize = OnsetRoll.Channels * Frame;

        var atoms = KeyAtoms.Build(velocities, Frame);

        Assert.That(atoms, Has.Length.EqualTo(KeyAtoms.Count(Frame) * atomSize));
        Assert.That(KeyAtoms.Count(Frame), Is.EqualTo(352));
        // the onset atom of key 5 at step 1, and the offset atom of key 5 at step 1
        var onset = atoms.AsSpan((5 * Frame + 1) * atomSize, atomSize).ToArray();
        var offset = atoms.AsSpan((PianoRoll.Keys * Frame + 5 * Frame + 1) * atomSize, atomSize).ToArray();
        Assert.That((onset[5 * Frame + 1], onset[(OnsetRoll.VelocityRow + 5) * Frame + 1], onset.Count(v => v != 0)),
            Is.EqualTo((1f, 0.05f, 2)));
        Assert.That((offset[(OnsetRoll.OffsetRow + 5) * Frame + 1], offset.Count(v => v != 0)), Is.EqualTo((1f, 1)));
        Assert.That(() => KeyAtoms.Build(velocities[1..], Frame), Throws.ArgumentException.With.Message.Contains("88"));
    }

    [Test]
    public void APiecePlayedAtItsKeysMeansComesBackNoteForNoteAtTwoNonzerosANoteAndOnsetsComeFirst()
    {
        var piece = Piece(Figure(60, 64, repeats: 5));   // 10 notes at velocity 80 in 2 s
        using var backend = new CpuBackend();
        using var coder = new PursuitCoder(backend, KeyAtoms.Build(SampleOf(piece).KeyVelocityMeans(), Frame),
            KeyAtoms.Count(Frame), OnsetRoll.Channels, Frame);
        IPieceCoder[] methods = [new PursuitPieceCoder("keys+omp", coder, backend, Rate)];

        var rows = PianoRateDistortionStudy.Run(methods, [5, 10], [piece], [piece], Representation, Rate, "test").Rows;

        var (half, whole) = (rows[0], rows[1]);
        Assert.That((whole.OnsetF1, whole.NoteF1, whole.FoundVelocityMae), Is.EqualTo((1.0, 1.0, 0.0)));
        Assert.That(whole.SpentNonzerosPerSecond * whole.Seconds, Is.EqualTo(20).Within(1e-9),
            "an onset and an offset a note");
        Assert.That((half.OnsetF1, half.FoundVelocityMae), Is.EqualTo((1.0, 0.0)),
            "an onset atom correlates more than an offset, so a budget of one a note goes to onsets");
        Assert.That(half.NoteF1, Is.LessThan(1), "no offsets: each note rings to the key's next onset");
    }

    [Test]
    public void AVelocityOffItsKeysMeanIsFoundWithAnErrorBelowTheDistanceToTheMean()
    {
        // key 60 alternately at 40 and 80: its atom plays 60
        var notes = Enumerable.Range(0, 6).Select(i => new TimedNote(60, i % 2 == 0 ? 40 : 80, i * 0.2, i * 0.2 + 0.1))
            .ToArray();
        var piece = Piece(notes);
        using var backend = new CpuBackend();
        using var coder = new PursuitCoder(backend, KeyAtoms.Build(SampleOf(piece).KeyVelocityMeans(), Frame),
            KeyAtoms.Count(Frame), OnsetRoll.Channels, Frame);
        IPieceCoder[] methods = [new PursuitPieceCoder("keys+omp", coder, backend, Rate)];

        var row = PianoRateDistortionStudy.Run(methods, [20], [piece], [piece], Representation, Rate, "test").Rows
            .Single();

        Assert.That(row.OnsetF1, Is.EqualTo(1));
        Assert.That(row.FoundVelocityMae, Is.GreaterThan(5 / 127.0).And.LessThanOrEqualTo(20 / 127.0));
        Assert.That(row.FoundVelocityMaeLow, Is.LessThanOrEqualTo(row.FoundVelocityMae));
    }

    [Test]
    public void OnlyTheOnsetRollHasAPerKeyBasis()
    {
        var roll = SyntheticPiano.Piece(Figure(60, 64, repeats: 2));
        var sample = PianoTrainingSample.Draw([roll], roll.Channels, windowSteps: 100, seed: 1);

        Assert.That(() => sample.KeyVelocityMeans(),
            Throws.ArgumentException.With.Message.EqualTo(
                "the per-key basis codes the onset roll's 264 channels, not 176"));
    }
}
