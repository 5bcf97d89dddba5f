using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// <see cref="ModelOffsetWeight"/>: `train --offset-weight` records how much the onset roll's note ends weigh in OMP,
/// the model file carries it, and the applications' pursuit codes by it.
/// </summary>
public sealed class ModelOffsetWeightTests
{
    // a one-step onset-roll dictionary of two atoms [2, 264, 1]: three note ends, and two onsets
    private static readonly int[] EndRows =
        [OnsetRoll.OffsetRow + 41, OnsetRoll.OffsetRow + 42, OnsetRoll.OffsetRow + 43];
    private static readonly int[] OnsetRows = [40, 50];

    private static float[] Atom(int[] rows)
    {
        var atom = new float[OnsetRoll.Channels];
        foreach (int row in rows) atom[row] = 1;
        return atom;
    }

    // a model of those atoms saved by the trainer's checkpoint with the given options; its file's path
    internal static string SavedModel(string folder, TrainingOptions options)
    {
        using var backend = new CpuBackend();
        var config = new AutoencoderConfig { InputChannels = OnsetRoll.Channels, Atoms = 2, FrameLength = 1,
            TopK = 1 };
        using var model = new Autoencoder(config, backend, seed: 1);
        backend.Upload([.. Atom(EndRows), .. Atom(OnsetRows)], model.Atoms.Value);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, options.AdamSettings(0.01f));
        string path = Path.Combine(folder, $"weight-{options.OffsetWeight}.safetensors");
        TrainingCheckpoint.Save(path, model, optimizer, TrainingState.Start(1, 1, 0.01f), options,
            new RepresentationSettings(RepresentationKind.OnsetRoll, 20));
        return path;
    }

    [Test]
    public void TheRecordedWeightDecidesWhetherTheNoteEndsOrTheOnsetsArePickedFirst()
    {
        string folder = TestData.TempDir();
        var notes = TrainingPresets.PianoNotes with { Data = "maestro" };
        string plainPath = SavedModel(folder, notes with { OffsetWeight = 1 });
        string weightedPath = SavedModel(folder, notes);
        using var backend = new CpuBackend();
        using var plain = TrainedModel.Load(plainPath, backend);
        using var weighted = TrainedModel.Load(weightedPath, backend);
        // both atoms at once, one non-zero: 3 / sqrt 3 = 1.73 for the ends against 2 / sqrt 2 = 1.41 for the onsets;
        // with the ends at 0.25, 0.75 / sqrt 0.75 = 0.87 against 1.41
        var both = Atom([.. EndRows, .. OnsetRows]);
        var piece = new EncodedPiece(both, OnsetRoll.Channels, 1, 120, TimeSignature.Default);

        var plainCode = plain.Encode(piece, CodeEncoder.Omp, 1);
        var weightedCode = weighted.Encode(piece, CodeEncoder.Omp, 1);
        var restrictedCode = weighted.Encode(piece, CodeEncoder.Omp, 1, new HashSet<int> { 0, 1 });

        Assert.That(SafetensorsFile.Read(plainPath).Metadata, Does.Not.ContainKey(ModelOffsetWeight.MetadataKey),
            "a plain model's file stays as before");
        Assert.That(SafetensorsFile.Read(weightedPath).Metadata[ModelOffsetWeight.MetadataKey], Is.EqualTo("0.25"));
        Assert.That((plain.OffsetWeight, weighted.OffsetWeight), Is.EqualTo((1.0, 0.25)));
        Assert.That(plainCode.Values, Is.EqualTo(new[] { 1f, 0f }).Within(1e-6f), "the note ends");
        Assert.That(weightedCode.Values, Is.EqualTo(new[] { 0f, 1f }).Within(1e-6f), "the onsets");
        Assert.That(restrictedCode.Values, Is.EqualTo(weightedCode.Values), "a coder over chosen atoms weighs alike");
        weighted.OffsetWeight = 1;
        Assert.That(weighted.Encode(piece, CodeEncoder.Omp, 1).Values, Is.EqualTo(plainCode.Values),
            "a weight set later replaces the pursuit made with the old one");
        Assert.That(() => plain.OffsetWeight = -1, Throws.ArgumentException.With.Message.Contains("got -1"));
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public void ReconstructCodesByTheModelsWeightOrTheGivenOneAndSaysSo()
    {
        string folder = TestData.TempDir();
        string model = SavedModel(folder, TrainingPresets.PianoNotes with { Data = "maestro" });
        string input = Path.Combine(folder, "notes.mid");
        MidiOutput.Write(PianoMidi.ToSong([new TimedNote(60, 80, 0, 0.5), new TimedNote(64, 70, 0.5, 1)]), input);

        string omp = CliRunner.Succeed("reconstruct", "--model", model, "--input", input, "--out",
            Path.Combine(folder, "omp.mid"), "--device", "cpu");
        string wta = CliRunner.Succeed("reconstruct", "--model", model, "--input", input, "--encoder", "wta", "--out",
            Path.Combine(folder, "wta.mid"), "--device", "cpu");

        string plain = CliRunner.Succeed("reconstruct", "--model", model, "--input", input, "--offset-weight", "1",
            "--out", Path.Combine(folder, "plain.mid"), "--device", "cpu");
        var (wtaExit, _, wtaError) = CliRunner.Run("reconstruct", "--model", model, "--input", input, "--encoder",
            "wta", "--offset-weight", "0.5", "--out", Path.Combine(folder, "refused.mid"), "--device", "cpu");
        var (grooveExit, _, grooveError) = CliRunner.Run("reconstruct", "--model", TestModels.Synthetic, "--input",
            input, "--encoder", "omp", "--offset-weight", "0.5", "--out", Path.Combine(folder, "refused.mid"),
            "--device", "cpu");

        Assert.That(omp, Does.Contain("k = 1 (omp, note ends weigh 0.25)"), "the model file names omp and the weight");
        Assert.That(wta, Does.Contain("k = 1 (wta)").And.Not.Contain("weigh"));
        Assert.That(plain, Does.Contain("k = 1 (omp)"), "--offset-weight overrides the file's");
        Assert.That((wtaExit, wtaError.Trim().Split('\n').Last()), Is.EqualTo((1,
            "error: --offset-weight weighs OMP's squared error; --encoder wta does not pursue")));
        Assert.That((grooveExit, grooveError.Trim().Split('\n').Last()), Is.EqualTo((1,
            "error: --offset-weight: an offset weight weighs the onset roll's note ends; this model's representation "
            + "is Groove")));
        Assert.That(File.Exists(Path.Combine(folder, "refused.mid")), Is.False);
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public void AStoredWeightIsReadCheckedAndOnlyForTheOnsetRoll()
    {
        Dictionary<string, string> With(string value) => new() { [ModelOffsetWeight.MetadataKey] = value };
        Assert.That(ModelOffsetWeight.Of(new Dictionary<string, string>(), RepresentationKind.OnsetRoll, "m"),
            Is.EqualTo(1));
        Assert.That(ModelOffsetWeight.Of(With("0.25"), RepresentationKind.OnsetRoll, "m"), Is.EqualTo(0.25));
        foreach (string bad in new[] { "heavy", "0", "-1", "NaN", "Infinity" })
            Assert.That(() => ModelOffsetWeight.Of(With(bad), RepresentationKind.OnsetRoll, "m"),
                Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo(
                    $"m: the metadata key offset_weight is '{bad}', not a positive number"), bad);
        Assert.That(() => ModelOffsetWeight.Of(With("0.5"), RepresentationKind.Pianoroll, "m"),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("representation is Pianoroll"));
        Assert.That(ModelOffsetWeight.Of(With("1"), RepresentationKind.Groove, "m"), Is.EqualTo(1));
    }

    [Test]
    public void TheChannelWeightsLightenTheOffsetRowsAlone()
    {
        var weights = ModelOffsetWeight.ChannelWeights(RepresentationKind.OnsetRoll, 0.25)!;

        Assert.That(weights, Has.Length.EqualTo(OnsetRoll.Channels));
        Assert.That(weights[..OnsetRoll.OffsetRow], Is.All.EqualTo(1f), "onset and velocity rows");
        Assert.That(weights[OnsetRoll.OffsetRow..], Is.All.EqualTo(0.25f), "offset rows");
        Assert.That(ModelOffsetWeight.ChannelWeights(RepresentationKind.Groove, 1), Is.Null);
        Assert.That(() => ModelOffsetWeight.ChannelWeights(RepresentationKind.Groove, 0.5),
            Throws.ArgumentException.With.Message.Contains("representation is Groove"));
        Assert.That(() => ModelOffsetWeight.ChannelWeights(RepresentationKind.OnsetRoll, 0),
            Throws.ArgumentException.With.Message.EqualTo("an offset weight must lie in [0.000001, 1000000], got 0"));
    }

    // the pursuit weighs in float: 1e39 became infinite and 1e-46 zero, refused by the coder in words naming neither
    [TestCase(1e39)]
    [TestCase(1e-46)]
    [TestCase(double.NaN)]
    public void AWeightFloatCannotHoldIsRefusedAsAnOffsetWeight(double weight)
        => Assert.That(ModelOffsetWeight.Problem(weight),
            Does.StartWith("an offset weight must lie in [0.000001, 1000000], got "));

    [Test]
    public void TrainingOptionsTakeAWeightForTheOnsetRollAlone()
    {
        var notes = TrainingPresets.PianoNotes with { Data = "maestro" };

        Assert.That(() => notes.Validate(), Throws.Nothing);
        Assert.That(notes.ToJson(), Does.Contain("\"offset_weight\": 0.25"));
        foreach (double bad in new[] { 0, -0.5, double.NaN, double.PositiveInfinity })
            Assert.That(() => (notes with { OffsetWeight = bad }).Validate(),
                Throws.ArgumentException.With.Message.Contains("offset_weight must be positive and finite"), $"{bad}");
        Assert.That(() => (notes with { Encoding = RepresentationKind.Pianoroll, InitAtoms = AtomInitialization.Kmeans,
            PatternOffsets = 0 }).Validate(),
            Throws.ArgumentException.With.Message.Contains(
                "offset_weight weighs the note ends of the piano onset roll"));
        Assert.That(() => (TrainingPresets.GrooveBest with { Data = "groove", OffsetWeight = 0.5 }).Validate(),
            Throws.ArgumentException.With.Message.Contains("needs the maestro dataset and encoding onset-roll"));
    }
}
