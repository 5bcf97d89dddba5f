using TcnWtaNative.Engine;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using TcnWtaNative.Training.Evaluation.RateDistortion.Piano;
using static TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano.SyntheticPiano;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// The piano study on a MAESTRO-shaped folder of synthetic pieces, and on the real test split if present.
/// </summary>
public class PianoRateDistortionTests
{
    // a bound below its range was taken as the nearest one (no pieces as all, no training pieces as one)
    [TestCase(-1, 16, "--max-pieces must be 0 (all pieces) or more, got -1")]
    [TestCase(0, 0, "--train-pieces must be at least 1, got 0")]
    [TestCase(0, -3, "--train-pieces must be at least 1, got -3")]
    public void APieceCountBelowItsRangeIsRefused(int maxPieces, int trainPieces, string message)
    {
        var figure = Figure(60, 64, repeats: 2);
        string dir = Folder(("train", figure), ("validation", figure), ("test", figure));
        using var backend = new CpuBackend();
        var model = TiedModel(backend, [FirstFrame(Piece(figure))], k: 1);
        using var trainedModel = new TrainedModel(model, Roll, Path.Combine(dir, "model.safetensors"));

        var error = Assert.Throws<ArgumentException>(() => PianoRateDistortion.Evaluate(trainedModel, dir, "test",
            new PianoStudyOptions([5], MaxPieces: maxPieces, TrainPieces: trainPieces)));

        Assert.That(error!.Message, Is.EqualTo(message));
    }

    [Test]
    public void TheBaselinesAreFitOnTheTrainSplitOnly()
    {
        // train plays one figure, validation and test another on other keys: a baseline fit on the scored split would
        // reconstruct it exactly, one fit on train cannot find a single note of it
        var trained = Figure(60, 64, repeats: 10);
        var scored = Figure(72, 76, repeats: 5);
        string dir = Folder(("train", trained), ("validation", scored), ("test", scored), ("train", trained));
        using var backend = new CpuBackend();
        var model = TiedModel(backend, [FirstFrame(Piece(scored)), FirstFrame(Piece(trained))], k: 2);
        using var trainedModel = new TrainedModel(model, Roll, Path.Combine(dir, "model.safetensors"));

        var result = PianoRateDistortion.Evaluate(trainedModel, dir, "test", new PianoStudyOptions([5], MaxSeconds: 0));

        double OnsetF1(string method) => result.Rows.Single(r => r.Method == method).OnsetF1;
        Assert.That(OnsetF1("model"), Is.EqualTo(1), "the model's atoms hold the scored figure");
        Assert.That(OnsetF1("model+omp"), Is.EqualTo(1));
        Assert.That(OnsetF1("kmeans"), Is.EqualTo(0), "centroids of the training figure are on other keys");
        Assert.That(OnsetF1("random+omp"), Is.EqualTo(0), "training frames are on other keys");
        Assert.That(OnsetF1("values"), Is.EqualTo(1), "the piece's own values at 5/s hold its few notes");
        Assert.That(result.Rows.All(r => r.Pieces == 1 && r.Split == "test"), Is.True);
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void MaxSecondsScoresTheFirstSecondsOfEachPiece()
    {
        var figure = Figure(60, 64, repeats: 10);   // 4 s
        string dir = Folder(("train", figure), ("validation", figure), ("test", figure), ("test", figure));
        using var backend = new CpuBackend();
        var atoms = new[] { FirstFrame(Piece(figure)), FirstFrame(Piece(Figure(72, 76, repeats: 1))) };
        using var trainedModel = new TrainedModel(TiedModel(backend, atoms, k: 2), Roll,
            Path.Combine(dir, "model.safetensors"));

        var row = PianoRateDistortion.Evaluate(trainedModel, dir, "test",
            new PianoStudyOptions([5], MaxSeconds: 1.2, MaxPieces: 1, Baselines: false,
                Encoders: ModelEncoders.Wta)).Rows.Single();

        Assert.That((row.Pieces, row.Seconds, row.OnsetF1), Is.EqualTo((1, 1.2, 1.0)));
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void TheOffsetWeightReachesTheModelsPursuitAndTheBaselines()
    {
        // the figure's 20 notes in 4 s, 10 non-zeros a second: two per note. Over unit atoms (the model's, and the
        // values baseline's) plain OMP keeps each note's onset and end (1 and 1) before its velocity (80 / 127); with
        // the ends at 0.25 (a kept end saves 0.25) the velocities (0.40) come first and the notes lose their ends
        var figure = Figure(60, 64, repeats: 10);
        // 4 minutes of it to train on: the random frames baseline draws one non-empty frame per atom from 150 s of it
        string dir = Folder(("train", Figure(60, 64, repeats: 600)), ("validation", figure), ("test", figure));
        using var backend = new CpuBackend();
        var representation = new OnsetRollRepresentation();
        int size = representation.Channels * 2;
        var config = new AutoencoderConfig { InputChannels = representation.Channels, Atoms = size, FrameLength = 2,
            TopK = 1 };
        var identity = new float[size * size];
        for (int i = 0; i < size; i++) identity[i * size + i] = 1;
        PianoRateDistortionRow Row(double? studyWeight, double modelWeight, string method)
        {
            var model = new Autoencoder(config, backend, seed: 1);
            backend.Upload(identity, model.Atoms.Value);
            using var trained = new TrainedModel(model, representation, Path.Combine(dir, "unit.safetensors"))
            {
                OffsetWeight = modelWeight,
            };
            var options = new PianoStudyOptions([10], MaxSeconds: 0, TrainSeconds: 150, Encoders: ModelEncoders.Omp,
                OffsetWeight: studyWeight);
            return PianoRateDistortion.Evaluate(trained, dir, "test", options).Rows.Single(r => r.Method == method);
        }

        foreach (string method in new[] { "model+omp", "values" })
        {
            var (plain, byModel, byStudy) = (Row(null, 1, method), Row(null, 0.25, method), Row(0.25, 1, method));
            Assert.That((plain.OnsetF1, byModel.OnsetF1, byStudy.OnsetF1), Is.EqualTo((1.0, 1.0, 1.0)), method);
            Assert.That(plain.NoteF1, Is.EqualTo(1.0), method);
            Assert.That(byModel.NoteF1, Is.LessThan(0.2), $"{method}: the model's weight");
            Assert.That(byStudy.NoteF1, Is.EqualTo(byModel.NoteF1), $"{method}: --offset-weight");
            Assert.That(byModel.FoundVelocityMae, Is.LessThan(plain.FoundVelocityMae), method);
            Assert.That(byStudy.BudgetMeaning, Does.EndWith("; note ends weigh 0.25"), method);
            Assert.That(plain.BudgetMeaning, Does.Not.Contain("weigh"), method);
        }
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void TwoRealTestPiecesOfFiveSecondsScoreWithinTheirBudgets()
    {
        string maestro = TestData.MaestroDir();
        using var backend = new CpuBackend();
        var config = new AutoencoderConfig { InputChannels = Roll.Channels, Atoms = 16, FrameLength = 4, TopK = 1 };
        using var trainedModel = new TrainedModel(new Autoencoder(config, backend, seed: 1), Roll,
            "untrained.safetensors");

        var result = PianoRateDistortion.Evaluate(trainedModel, maestro, "test",
            new PianoStudyOptions([5, 10], MaxSeconds: 5, MaxPieces: 2, TrainPieces: 2, TrainSeconds: 10));

        // k = 1 and 2 per 4-step frame; one centroid per 4 and 2 steps
        Assert.That(result.Rows.Select(r => r.Method).Distinct(),
            Is.EqualTo(new[] { "model", "model+omp", "kmeans", "random+omp", "values" }));
        foreach (var row in result.Rows)
        {
            Assert.That((row.Pieces, row.Seconds), Is.EqualTo((2, 10.0)), row.Method);
            Assert.That(row.SpentNonzerosPerSecond, Is.LessThanOrEqualTo(row.NonzerosPerSecond + 1e-9), row.Method);
            foreach (var score in new[] { row.OnsetF1, row.NoteF1, row.OnsetPrecision, row.NoteRecall })
                Assert.That(score, Is.InRange(0.0, 1.0), row.Method);
            Assert.That(row.NoteF1, Is.LessThanOrEqualTo(row.OnsetF1),
                "a note that matches with its offset matches on its onset");
        }
    }

    [Test]
    public void OnTheOnsetRollTwoRealTestPiecesAreAlsoCodedByThePerKeyBasis()
    {
        string maestro = TestData.MaestroDir();
        using var backend = new CpuBackend();
        var representation = new OnsetRollRepresentation();
        var config = new AutoencoderConfig { InputChannels = representation.Channels, Atoms = 16, FrameLength = 2,
            TopK = 1 };
        using var trainedModel = new TrainedModel(new Autoencoder(config, backend, seed: 1), representation,
            "untrained.safetensors");

        var result = PianoRateDistortion.Evaluate(trainedModel, maestro, "test",
            new PianoStudyOptions([80], MaxSeconds: 5, MaxPieces: 2, TrainPieces: 2, TrainSeconds: 10,
                Encoders: ModelEncoders.Wta));

        var rows = result.Rows.ToDictionary(r => r.Method);
        Assert.That(rows.Keys, Is.EqualTo(new[] { "model", "random+omp", "keys+omp", "values" }),
            "k-means has no whole step per centroid at 80/s");
        var (keys, values) = (rows["keys+omp"], rows["values"]);
        Assert.That(keys.Atoms, Is.EqualTo(352));
        Assert.That(keys.OnsetF1, Is.GreaterThanOrEqualTo(values.OnsetF1),
            "two non-zeros a note where the piece's own values spend three");
        Assert.That(keys.OnsetPrecision, Is.EqualTo(1), "an onset atom lights only onsets that were played");
        Assert.That(keys.FoundVelocityMae, Is.GreaterThan(values.FoundVelocityMae),
            "each key plays one level; the values keep each note's own");
    }
}
