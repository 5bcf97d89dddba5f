using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Evaluation.RateDistortion.Piano;
using static TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano.SyntheticPiano;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano;

/// <summary>The decoding threshold tuned on the tuning pieces, reported beside the fixed 0.5.</summary>
public class OnsetThresholdTuningTests
{
    private static readonly StepRate Rate = new(FramesPerSecond);
    private static readonly OnsetRollRepresentation OnsetRoll = new(FramesPerSecond);

    // an onset roll of 2 s: 10 notes, each an onset, a velocity and an offset
    private static EncodedPiece Piece() => OnsetRoll.Encode(PianoMidi.ToSong(Figure(60, 64, repeats: 5)));

    [Test]
    public void AQuietReconstructionIsDecodedBelowHalfAndANoisyOneAbove()
    {
        IPieceCoder[] methods = [new Distorted("quiet", v => 0.4f * v), new Distorted("noisy", v => v + 0.6f)];

        var rows = PianoRateDistortionStudy.Run(methods, [5], [Piece()], [Piece(), Piece()], OnsetRoll, Rate, "test")
            .Rows.ToDictionary(r => r.Method);

        var (quiet, noisy) = (rows["quiet"], rows["noisy"]);
        Assert.That(quiet.OnsetF1, Is.EqualTo(0), "every onset is at 0.4, below the fixed 0.5");
        Assert.That(quiet.TunedThreshold, Is.LessThan(0.4));
        Assert.That((quiet.TunedOnsetF1, quiet.TunedOnsetF1Low, quiet.TunedNoteF1), Is.EqualTo((1.0, 1.0, 1.0)));
        Assert.That(noisy.OnsetPrecision, Is.LessThan(0.1), "every frame of every key is above 0.5");
        Assert.That(noisy.TunedThreshold, Is.GreaterThanOrEqualTo(0.6));
        Assert.That((noisy.TunedOnsetF1, noisy.TunedOnsetPrecision, noisy.TunedOnsetRecall),
            Is.EqualTo((1.0, 1.0, 1.0)));
    }

    [Test]
    public void NoTuningPiecesIsAClearError()
        => Assert.That(() => PianoRateDistortionStudy.Run([new Distorted("quiet", v => 0.4f * v)], [5], [], [Piece()],
                OnsetRoll, Rate, "test"),
            Throws.ArgumentException.With.Message.Contains("validation split has no pieces to tune"));

    [Test]
    public void ABudgetNoMethodSpendsIsAClearErrorWithEachMethodsReason()
        => Assert.That(() => PianoRateDistortionStudy.Run(
                [new Distorted("a", v => v, largest: 10), new Distorted("b", v => v, largest: 20)], [5, 40], [Piece()],
                [Piece()], OnsetRoll, Rate, "test"),
            Throws.ArgumentException.With.Message.EqualTo(
                "no method here spends 40 non-zeros per second: a at 40/s: over 10; b at 40/s: over 20"));

    // every value of the piece itself, distorted: no code, so no budget to spend (budgets above largest are refused)
    private sealed class Distorted(string name, Func<float, float> distort, int largest = int.MaxValue) : IPieceCoder
    {
        public string Method => name;
        public int Atoms => 0;
        public string? Unsupported(int nonzerosPerSecond) => nonzerosPerSecond > largest ? $"over {largest}" : null;
        public string BudgetMeaning(int nonzerosPerSecond) => "the piece's own values, distorted";
        public PieceCode Reconstruct(float[] signal, int length, int nonzerosPerSecond)
            => new([.. signal.Select(distort)], 0);
    }
}
