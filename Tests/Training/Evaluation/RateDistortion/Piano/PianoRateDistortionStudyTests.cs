using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using TcnWtaNative.Training.Evaluation.RateDistortion.Piano;
using static TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano.SyntheticPiano;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano;

public class PianoRateDistortionStudyTests
{
    private static readonly StepRate Rate = new(FramesPerSecond);

    [Test]
    public void EveryMethodSpendsItsBudgetAndBudgetsItCannotSpendAreLeftOutWithAReason()
    {
        var piece = Piece(Figure(60, 64, repeats: 5));   // 40 steps, 2 s, no empty frame
        using var backend = new CpuBackend();
        var config = new AutoencoderConfig { InputChannels = Roll.Channels, Atoms = 16, FrameLength = FrameLength,
            TopK = 1 };
        using var model = new Autoencoder(config, backend, seed: 1);
        var random = RandomTensors.UniformFloat(16 * Roll.Channels * FrameLength, seed: 2);
        using var randomAtoms = new PursuitCoder(backend, random, 16, Roll.Channels, FrameLength);
        var training = new[] { Piece(Figure(60, 64, 20)), Piece(Figure(62, 65, 20)) };
        var sample = PianoTrainingSample.Draw(training, Roll.Channels, windowSteps: 1000, seed: 1);
        IPieceCoder[] methods = [new WtaPieceCoder(model, Rate),
            new PursuitPieceCoder("random+omp", randomAtoms, backend, Rate),
            new KMeansPieceCoder(backend, sample, atoms: 16, seed: 1, Rate)];

        var result = PianoRateDistortionStudy.Run(methods, [40, 5, 10, 20], [piece], [piece], Roll, Rate, "test");

        // k = 2, 4, 8, 16 per 8-step frame; 10 to 80 pursuit picks in 2 s; one centroid per 4, 2, 1 steps (0.5 is no
        // step)
        Assert.That(result.Rows.Select(r => (r.Method, r.NonzerosPerSecond)), Is.EqualTo(new[]
        {
            ("model", 5), ("model", 10), ("model", 20), ("model", 40), ("random+omp", 5), ("random+omp", 10),
            ("random+omp", 20), ("random+omp", 40), ("kmeans", 5), ("kmeans", 10), ("kmeans", 20),
        }));
        foreach (var row in result.Rows)
            Assert.That(row.SpentNonzerosPerSecond, Is.EqualTo(row.NonzerosPerSecond).Within(1e-9),
                $"{row.Method} at {row.NonzerosPerSecond}/s");
        Assert.That(result.LeftOut,
            Is.EqualTo(new[] { "kmeans at 40/s: one centroid per 0.5 steps, not a whole number" }));
        Assert.That(new WtaPieceCoder(model, Rate).Unsupported(3), Does.Contain("1.2 per 8-step frame"));
        Assert.That(result.Rows[0].Seconds, Is.EqualTo(2));
    }

    [Test]
    public void APerfectDictionaryReconstructsEveryNoteWithItsOffset()
    {
        var piece = Piece(Figure(60, 64, repeats: 5));
        var figure = FirstFrame(piece);
        var other = FirstFrame(Piece(Figure(72, 76, repeats: 1)));   // on other keys: orthogonal to the figure
        using var backend = new CpuBackend();
        using var model = TiedModel(backend, [other, figure], k: 2);
        using var modelAtoms = PursuitCoder.ForModel(model);
        using var exactAtoms = new PursuitCoder(backend, [.. figure, .. other], 2, Roll.Channels, FrameLength);
        // two distinct 4-step segments (one per note): two centroids hold them exactly
        var sample = PianoTrainingSample.Draw([piece], Roll.Channels, windowSteps: 1000, seed: 1);
        IPieceCoder[] methods = [new WtaPieceCoder(model, Rate),
            new PursuitPieceCoder("model+omp", modelAtoms, backend, Rate),
            new PursuitPieceCoder("random+omp", exactAtoms, backend, Rate),
            new KMeansPieceCoder(backend, sample, atoms: 2, seed: 1, Rate)];

        var result = PianoRateDistortionStudy.Run(methods, [5], [piece], [piece, piece], Roll, Rate, "test");

        Assert.That(result.Rows, Has.Count.EqualTo(4));
        foreach (var row in result.Rows)
        {
            Assert.That((row.OnsetF1, row.NoteF1, row.OnsetF1Low, row.NoteF1High), Is.EqualTo((1.0, 1.0, 1.0, 1.0)),
                row.Method);
            Assert.That(row.FoundVelocityMae, Is.EqualTo(0).Within(1 / 127.0), row.Method);
            Assert.That(row.SpentNonzerosPerSecond, Is.LessThanOrEqualTo(5), row.Method);
        }
        Assert.That(result.Rows[0].Pieces, Is.EqualTo(2));
    }

    [Test]
    public void ADictionaryOfOtherKeysFindsNoNote()
    {
        var piece = Piece(Figure(60, 64, repeats: 5));
        using var backend = new CpuBackend();
        var otherFrame = FirstFrame(Piece(Figure(72, 76, repeats: 1)));
        using var otherKeys = new PursuitCoder(backend, otherFrame, 1, Roll.Channels, FrameLength);

        var coder = new PursuitPieceCoder("random+omp", otherKeys, backend, Rate);

        var row = PianoRateDistortionStudy.Run([coder], [5], [piece], [piece], Roll, Rate, "test").Rows.Single();

        Assert.That((row.OnsetRecall, row.OnsetF1, row.NoteF1), Is.EqualTo((0.0, 0.0, 0.0)));
        Assert.That(row.SpentNonzerosPerSecond, Is.EqualTo(0), "an orthogonal atom is never picked");
    }

    [Test]
    public void EachBaselineRowCarriesTheBestModelRowsLeadPairedOverPieces()
    {
        // one piece the model's atoms hold, one they do not: the model finds half the onsets, a perfect baseline all
        // of them, and a baseline of other keys none
        var (held, other) = (Piece(Figure(60, 64, repeats: 5)), Piece(Figure(67, 69, repeats: 5)));
        using var backend = new CpuBackend();
        var otherKeys = FirstFrame(Piece(Figure(72, 76, repeats: 1)));
        using var model = TiedModel(backend, [FirstFrame(held), otherKeys], k: 1);
        using var exact = new PursuitCoder(backend, [.. FirstFrame(held), .. FirstFrame(other)], 2, Roll.Channels,
            FrameLength);
        using var none = new PursuitCoder(backend, otherKeys, 1, Roll.Channels, FrameLength);
        IPieceCoder[] methods = [new WtaPieceCoder(model, Rate), new PursuitPieceCoder("exact", exact, backend, Rate),
            new PursuitPieceCoder("none", none, backend, Rate)];

        var rows = PianoRateDistortionStudy.Run(methods, [5], [held], [held, other], Roll, Rate, "test").Rows
            .ToDictionary(r => r.Method);

        Assert.That(rows["model"].ModelComparison, Is.Null, "the model's own rows are not compared");
        var (behind, ahead) = (rows["exact"].ModelComparison!, rows["none"].ModelComparison!);
        Assert.That((behind.Model, behind.Files), Is.EqualTo(("model", 2)));
        Assert.That(behind.Difference, Is.EqualTo(rows["model"].OnsetF1 - 1).Within(1e-12));
        Assert.That(ahead.Difference, Is.EqualTo(rows["model"].OnsetF1).Within(1e-12));
        Assert.That(behind.Low, Is.LessThan(behind.Difference).Or.EqualTo(behind.Difference));
        Assert.That(behind.High, Is.EqualTo(0).Within(1e-12), "a resample of the held piece alone is a tie");
        Assert.That(behind.Low, Is.EqualTo(-1).Within(1e-12), "a resample of the other piece alone: 0 against 1");
    }

    [Test]
    public void TheTrainingSampleKeepsWholeSegmentsOfSeededWindows()
    {
        var longPiece = Piece(Figure(60, 64, repeats: 10));   // 80 steps
        var sample = PianoTrainingSample.Draw([longPiece, Piece(Figure(62, 65, repeats: 1))], Roll.Channels,
            windowSteps: 30, seed: 3);

        Assert.That(sample.Steps, Is.EqualTo(30 + 8), "a 30-step window of the long piece, the short one whole");
        Assert.That(sample.SegmentCount(8), Is.EqualTo(3 + 1));
        Assert.That(sample.Segments(8), Has.Length.EqualTo(4 * Roll.Channels * 8));
        Assert.That(PianoTrainingSample.Draw([longPiece], Roll.Channels, 30, seed: 3).Segments(4),
            Is.EqualTo(PianoTrainingSample.Draw([longPiece], Roll.Channels, 30, seed: 3).Segments(4)), "seeded");
    }
}
