using System.Text.Json.Nodes;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Initialization;

namespace TcnWtaNative.Tests.TrainingTests;

public class TrainingOptionsTests
{
    private string _file = "";

    [SetUp]
    public void CreateFile() => _file = Path.GetTempFileName();

    [TearDown]
    public void RemoveFile() => File.Delete(_file);

    [Test]
    public void FlagsWinOverTheFileAndTheFileOverThePreset()
    {
        File.WriteAllText(_file, """{ "atoms": 50, "epochs": 7, "k_schedule": "step", "tcn_widths": [8, 8] }""");
        var flags = new JsonObject { ["epochs"] = 3, ["learning_rate"] = 0.02, ["data"] = "groove-folder" };

        var options = TrainingOptionsResolver.Resolve(TrainingPresets.GroovePaper, _file, flags);

        Assert.That(options.Epochs, Is.EqualTo(3), "flag over file");
        Assert.That(options.LearningRate, Is.EqualTo(0.02f), "flag over preset");
        Assert.That(options.Atoms, Is.EqualTo(50), "file over preset");
        Assert.That(options.KSchedule, Is.EqualTo(TcnWtaNative.Training.Schedules.ScheduleShape.Step));
        Assert.That(options.TcnWidths, Is.EqualTo(new[] { 8, 8 }));
        Assert.That((options.FrameLength, options.KStart, options.KEnd, options.Dataset),
            Is.EqualTo((16, 4, 1, DatasetKind.Groove)), "the rest is the preset's");
    }

    [Test]
    public void AMeterWrittenAsTheCommandsShowOneIsKeptInInfoCsvsSpelling()
    {
        var flags = new JsonObject { ["meter"] = "3/4", ["data"] = "groove-folder", ["frame_length"] = 4 };

        var options = TrainingOptionsResolver.Resolve(TrainingPresets.GroovePaper, null, flags);

        Assert.That(options.Meter, Is.EqualTo("3-4"), "the filter, the run's config.json and the model file's meter");
        Assert.That((TrainingPresets.GroovePaper with { Meter = "all" }).Meter, Is.EqualTo("all"));
    }

    [Test]
    public void PresetsHoldThePaperValues()
    {
        var groove = TrainingPresets.Named("groove-paper");
        Assert.That(
            (groove.Atoms, groove.FrameLength, groove.KStart, groove.KEnd, groove.BatchSize, groove.TcnWidths.Length,
            groove.Bars, groove.Meter), Is.EqualTo((100, 16, 4, 1, 0, 0, 1, "4-4")));
        Assert.That(groove.Optimizer, Is.EqualTo(OptimizerKind.Adamw));
        Assert.That(TrainingPresets.Named("groove-beat").FrameLength, Is.EqualTo(4));
        // groove-gain spends 4 non-zeros per bar (k = 1 on each of four one-beat frames), groove-bar 1 (k = 1 on one
        // bar)
        foreach (var (name, frame) in new[] { ("groove-gain", 4), ("groove-bar", 16) })
        {
            var preset = TrainingPresets.Named(name);
            Assert.That(
                (preset.Atoms, preset.FrameLength, preset.KStart, preset.KEnd, preset.TieEncoder, preset.InitAtoms),
                Is.EqualTo((1000, frame, 1, 1, true, AtomInitialization.Kmeans)), name);
            Assert.That(() => (preset with { Data = "groove" }).Validate(), Throws.Nothing, name);
            var hitsGain = preset with
            {
                Data = "groove", InitAtoms = AtomInitialization.KmeansGain, Loss = LossKind.Hits, TieEncoder = false,
            };
            Assert.That(() => hitsGain.Validate(),
                Throws.ArgumentException.With.Message.Contains("'kmeans-gain'").And.Message.Contains("mse or l1"),
                name);
        }
        // groove-best: two-beat frames, k = 2 on each, 4 per bar, atoms fit for the union code and no gradient
        // training; its refit needs values in the hit rows
        var best = TrainingPresets.Named("groove-best");
        Assert.That(
            (best.Atoms, best.FrameLength, best.KStart * 16 / best.FrameLength, best.InitAtoms, best.Epochs,
            best.Encoder), Is.EqualTo((1000, 8, 4, AtomInitialization.KmeansUnion, 0, CodeEncoder.Union)));
        Assert.That(best.LearningRate, Is.EqualTo(TrainingPresets.GrooveGain.LearningRate),
            "a --resume with more epochs trains at groove-gain's rate");
        Assert.That(() => (best with { Data = "groove" }).Validate(), Throws.Nothing);
        Assert.That(() => (best with { Data = "groove", Loss = LossKind.Hits, TieEncoder = false }).Validate(),
            Throws.ArgumentException.With.Message.Contains("'kmeans-union'").And.Message.Contains("mse or l1"));
        Assert.That(TrainingPresets.ByName.Keys, Does.Not.Contain("groove-union"));
        // groove-denoise: groove-best's shape and start, then denoising training at rate 2 with an untied encoder
        var denoise = TrainingPresets.Named("groove-denoise");
        Assert.That(
            (denoise.Atoms, denoise.FrameLength, denoise.KStart, denoise.InitAtoms, denoise.InputNoise,
            denoise.TieEncoder, denoise.Epochs, denoise.Encoder),
            Is.EqualTo((1000, 8, 2, AtomInitialization.KmeansUnion, (double?)2, false, 60, CodeEncoder.Wta)));
        Assert.That(() => (denoise with { Data = "groove" }).Validate(), Throws.Nothing);
        // groove-humanize: the same shape and start, trained on quantized bars against the bars as played
        var humanize = TrainingPresets.Named("groove-humanize");
        Assert.That(
            (humanize.Atoms, humanize.FrameLength, humanize.KStart, humanize.InitAtoms, humanize.TrainingNoise,
            humanize.TieEncoder, humanize.Epochs, humanize.Encoder),
            Is.EqualTo((1000, 8, 2, AtomInitialization.KmeansUnion, (HitNoise?)new HitNoise(0, 0, true), false, 60,
            CodeEncoder.Wta)));
        Assert.That(() => (humanize with { Data = "groove" }).Validate(), Throws.Nothing);
        var maestro = TrainingPresets.Named("maestro-paper");
        Assert.That(
            (maestro.Atoms, maestro.KStart, maestro.KEnd, maestro.Epochs, maestro.BatchSize,
            maestro.Encoding.ToString()), Is.EqualTo((1000, 100, 75, 60, 1, "Events")));
        Assert.That(maestro.TcnWidths, Is.Not.Empty);
        // piano-best spends 40 non-zeros per second: k = 4 on each 2-frame atom position at 20 frames per second
        var piano = TrainingPresets.Named(TrainingPresets.DefaultFor(DatasetKind.Maestro));
        Assert.That(
            (piano.Encoding, piano.KStart * piano.FramesPerSecond / piano.FrameLength,
            piano.WindowFrames % piano.FrameLength), Is.EqualTo((RepresentationKind.OnsetRoll, 40.0, 0)));
        Assert.That(() => (piano with { Data = "maestro" }).Validate(), Throws.Nothing);
        // piano-chords: piano-best's frames, the per-key basis and 2,048 mined chords, coded by OMP, no training
        var chords = TrainingPresets.Named("piano-chords");
        Assert.That(
            (chords.Encoding, chords.FrameLength, chords.Atoms - OnsetPatternAtoms.MinimumAtoms(chords.FrameLength),
            chords.InitAtoms, chords.Epochs, chords.Encoder),
            Is.EqualTo((RepresentationKind.OnsetRoll, 2, 2048, AtomInitialization.OnsetPatterns, 0, CodeEncoder.Omp)));
        Assert.That(() => (chords with { Data = "maestro" }).Validate(), Throws.Nothing);
        // piano-notes: piano-chords with half its patterns holding note ends, and the ends at a quarter in OMP
        var notes = TrainingPresets.Named("piano-notes");
        Assert.That(notes with { PatternOffsets = 0, OffsetWeight = 1 }, Is.EqualTo(chords));
        Assert.That((notes.PatternOffsets, notes.OffsetWeight), Is.EqualTo((0.5, 0.25)));
    }

    [Test]
    public void UnknownKeysAndBadValuesAreClearErrors()
    {
        File.WriteAllText(_file, """{ "atomz": 50 }""");
        var unknown = Assert.Throws<InvalidDataException>(
            () => TrainingOptionsResolver.Resolve(TrainingPresets.Synthetic, _file, []));
        Assert.That(unknown!.Message, Does.StartWith($"{_file}: unknown training option 'atomz'"));

        File.WriteAllText(_file, """{ "k_start": 500 }""");
        var tooLarge = Assert.Throws<InvalidDataException>(
            () => TrainingOptionsResolver.Resolve(TrainingPresets.Synthetic, _file, []));
        Assert.That(tooLarge!.Message, Does.Contain("k_start and k_end must lie in [1, atoms = 12], got 500 and 1"));

        File.WriteAllText(_file, """{ "epochs": 1, "epochs": 2 }""");
        var twice = Assert.Throws<InvalidDataException>(
            () => TrainingOptionsResolver.Resolve(TrainingPresets.Synthetic, _file, []));
        Assert.That(twice!.Message, Does.StartWith($"{_file}: not valid JSON: Duplicate property 'epochs'"),
            "a key given twice is named with the file, not left to the last one");

        File.WriteAllText(_file, """{ "optimizer": "sgd" }""");
        Assert.Throws<InvalidDataException>(
            () => TrainingOptionsResolver.Resolve(TrainingPresets.Synthetic, _file, []));

        var noData = Assert.Throws<InvalidDataException>(
            () => TrainingOptionsResolver.Resolve(TrainingPresets.GroovePaper, null, []));
        Assert.That(noData!.Message, Does.Contain("the groove dataset needs its folder (--data DIR)"));
    }

    // a misspelt validation split trained with no validation and exit 0; the splits are the datasets' three, and none
    [TestCase("split", "trian", "split must be train, validation or test, got 'trian'")]
    [TestCase("validation_split", "valdation",
        "validation_split must be train, validation, test or none, got 'valdation'")]
    public void AnUnknownSplitIsRefused(string key, string value, string message)
    {
        File.WriteAllText(_file, $$"""{ "{{key}}": "{{value}}" }""");
        var error = Assert.Throws<InvalidDataException>(
            () => TrainingOptionsResolver.Resolve(TrainingPresets.GroovePaper with { Data = "groove" }, _file, []));

        Assert.That(error!.Message, Does.Contain(message));
        File.WriteAllText(_file, """{ "split": "Test", "validation_split": "NONE" }""");
        Assert.That(() => TrainingOptionsResolver.Resolve(TrainingPresets.GroovePaper with { Data = "groove" }, _file,
            []), Throws.Nothing, "any case, as the datasets' files are matched");
    }

    // a frame that did not tile the sections trained and exited 0, and evaluate then refused the model it left
    [TestCase("""{ "frame_length": 7 }""",
        "frame_length (--frame-length) 7 does not divide the sections' 16 steps (1 bar of 4-4)")]
    [TestCase("""{ "frame_length": 16, "bars": 2, "meter": "3-4" }""",
        "frame_length (--frame-length) 16 does not divide the sections' 24 steps (2 bars of 3-4)")]
    public void AGrooveFrameThatDoesNotTileTheSectionsIsRefused(string json, string message)
    {
        File.WriteAllText(_file, json);
        var error = Assert.Throws<InvalidDataException>(
            () => TrainingOptionsResolver.Resolve(TrainingPresets.GroovePaper with { Data = "groove" }, _file, []));

        Assert.That(error!.Message, Does.Contain(message).And.Not.Contain("\n"));
    }

    [TestCase("""{ "frame_length": 8, "bars": 2 }""")]
    [TestCase("""{ "frame_length": 12, "meter": "3/4" }""")]
    [TestCase("""{ "frame_length": 7, "meter": "all" }""")]
    public void AGrooveFrameThatTilesTheSectionsOrAnyMetersIsAccepted(string json)
    {
        File.WriteAllText(_file, json);
        Assert.That(() => TrainingOptionsResolver.Resolve(TrainingPresets.GroovePaper with { Data = "groove" }, _file,
            []), Throws.Nothing);
    }

    [Test]
    public void EveryPresetValidates()
    {
        foreach (var (name, preset) in TrainingPresets.ByName)
            Assert.That(() => (preset.Dataset == DatasetKind.Synthetic ? preset : preset with { Data = "data" })
                .Validate(), Throws.Nothing, name);
    }

    // --composer Chopin on Groove once trained on every drummer and exited 0
    [TestCase("groove", "composer", "\"Chopin\"", "composer (--composer) is read by the maestro dataset only")]
    [TestCase("maestro", "drummer", "\"drummer1\"", "drummer (--drummer) is read by the groove dataset only")]
    [TestCase("maestro", "bars", "2", "bars (--bars) is read by the groove dataset only")]
    [TestCase("groove", "samples", "64", "samples (--samples) is read by the synthetic dataset only")]
    [TestCase("synthetic", "data", "\"groove\"", "data (--data) is read by the groove and maestro datasets only")]
    [TestCase("synthetic", "max_files", "3", "max_files (--max-files) is read by the groove and maestro datasets")]
    public void AnOptionTheDatasetDoesNotReadIsRefused(string dataset, string key, string value, string message)
    {
        var preset = TrainingPresets.Named(TrainingPresets.DefaultFor(Enum.Parse<DatasetKind>(dataset, true)));
        var folder = new JsonObject { ["data"] = dataset == "synthetic" ? null : dataset };
        File.WriteAllText(_file, $$"""{ "{{key}}": {{value}} }""");

        var fromFile = Assert.Throws<InvalidDataException>(
            () => TrainingOptionsResolver.Resolve(preset, _file, folder));
        var flags = JsonNode.Parse($$"""{ "{{key}}": {{value}} }""")!.AsObject();
        if (key != "data") flags["data"] = folder["data"]?.DeepClone();
        var fromFlags = Assert.Throws<InvalidDataException>(() => TrainingOptionsResolver.Resolve(preset, null, flags));

        Assert.That(fromFile!.Message, Does.StartWith($"{_file}: {message}").And.Contain($"dataset is {dataset}"));
        Assert.That(fromFlags!.Message, Does.StartWith($"the command-line flags: {message}"));
    }

    // each once trained, ignored the option and exited 0
    [TestCase("""{ "lr_min": 0.5 }""",
        "lr_min (--lr-min) is read by lr_schedule cosine only, and this run's is constant: drop it, or give "
        + "--lr-schedule cosine")]
    [TestCase("""{ "lr_schedule": "cosine", "lr_gamma": 0.1 }""",
        "lr_gamma (--lr-gamma) is read by lr_schedule step only, and this run's is cosine")]
    [TestCase("""{ "tcn_kernel": 7 }""", "tcn_kernel (--tcn-kernel) is read by a TCN front end only")]
    [TestCase("""{ "lifetime_rate": 0.9 }""",
        "lifetime_rate (--lifetime-rate) is read by sparsity lifetime only, and this run's is channel-top-k")]
    [TestCase("""{ "sparsity": "spatial", "k_schedule": "step" }""",
        "k_schedule (--k-schedule) is read by sparsity channel-top-k only")]
    [TestCase("""{ "dataset": "maestro", "data": "m", "frames_per_second": 50 }""",
        "frames_per_second (--frames-per-second) is read by the frame-based encodings (pianoroll, onset-roll) only, "
        + "and this run's is events")]
    public void AnOptionTheRunDoesNotReadUnderAnotherIsRefused(string config, string message)
    {
        File.WriteAllText(_file, config);

        var error = Assert.Throws<InvalidDataException>(
            () => TrainingOptionsResolver.Resolve(TrainingPresets.Synthetic, _file, []));

        Assert.That(error!.Message, Does.StartWith($"{_file}: {message}"));
        File.WriteAllText(_file, """{ "lr_schedule": "cosine", "lr_min": 0.5, "tcn_widths": [8], "tcn_kernel": 7, """
            + """ "sparsity": "lifetime", "lifetime_rate": 0.9 }""");
        Assert.That(() => TrainingOptionsResolver.Resolve(TrainingPresets.Synthetic, _file, []), Throws.Nothing,
            "each read where its option says so");
    }

    [Test]
    public void AnotherRunsWholeOptionsFileIsAcceptedWhereItsDatasetOnlyValuesAreDefaults()
    {
        File.WriteAllText(_file, TrainingPresets.Synthetic.ToJson());
        var flags = new JsonObject { ["dataset"] = "groove", ["data"] = "groove", ["bars"] = 1, ["composer"] = null };

        var options = TrainingOptionsResolver.Resolve(TrainingPresets.GroovePaper, _file, flags);

        Assert.That((options.Dataset, options.Data), Is.EqualTo((DatasetKind.Groove, "groove")));
        File.WriteAllText(_file, (TrainingPresets.Synthetic with { Samples = 64 }).ToJson());
        Assert.That(() => TrainingOptionsResolver.Resolve(TrainingPresets.GroovePaper, _file, flags),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("samples (--samples)"));
    }

    // a wrong path read whole would exhaust memory first: a sparse file past the limit, and an endless device
    [Test]
    public void AConfigPastTheTextLimitIsOneClearError()
    {
        using (var sparse = File.Create(_file)) sparse.SetLength(TextFileLimit.MaxBytes + 1L);
        var sparseError = Assert.Throws<InvalidDataException>(
            () => TrainingOptionsResolver.Resolve(TrainingPresets.Synthetic, _file, []));
        var endless = Assert.Throws<InvalidDataException>(
            () => TrainingOptionsResolver.Resolve(TrainingPresets.Synthetic, "/dev/zero", []));

        Assert.That(sparseError!.Message, Is.EqualTo($"{_file}: over 64 MB, too large for a config file"));
        Assert.That(endless!.Message, Is.EqualTo("/dev/zero: over 64 MB, too large for a config file"));
    }

    [TestCase(AtomInitialization.Kmeans)]
    [TestCase(AtomInitialization.KmeansGain)]
    [TestCase(AtomInitialization.KmeansUnion)]
    public void ZeroEpochsNeedAnInitializerThatFitsTheAtoms(AtomInitialization fitting)
    {
        var groove = TrainingPresets.GroovePaper with { Data = "groove", Epochs = 0 };

        Assert.That(() => (groove with { InitAtoms = fitting }).Validate(), Throws.Nothing);
        foreach (var unfit in new[] { AtomInitialization.Random, AtomInitialization.Frames })
            Assert.That(() => (groove with { InitAtoms = unfit }).Validate(),
                Throws.ArgumentException.With.Message.Contains("learns nothing")
                    .And.Message.Contains("--init-atoms kmeans"), unfit.ToString());
        Assert.That(() => (groove with { InitAtoms = fitting, Epochs = -1 }).Validate(),
            Throws.ArgumentException.With.Message.Contains("epochs must not be negative"));
    }

    [Test]
    public void TheApplicationCoderIsReadFromConfigAndNeedsADrumGridForGainAndUnion()
    {
        File.WriteAllText(_file, """{ "encoder": "union" }""");
        Assert.That(TrainingOptionsResolver.Resolve(TrainingPresets.Synthetic, _file, []).Encoder,
            Is.EqualTo(CodeEncoder.Union));
        File.WriteAllText(_file, """{ "encoder": "unoin" }""");
        Assert.Throws<InvalidDataException>(
            () => TrainingOptionsResolver.Resolve(TrainingPresets.Synthetic, _file, []));

        var piano = TrainingPresets.PianoBest with { Data = "maestro" };
        Assert.That(() => (piano with { Encoder = CodeEncoder.Omp }).Validate(), Throws.Nothing);
        foreach (var drumsOnly in new[] { CodeEncoder.Gain, CodeEncoder.Union })
        {
            Assert.That(() => (piano with { Encoder = drumsOnly }).Validate(),
                Throws.ArgumentException.With.Message.Contains("mse or l1"), drumsOnly.ToString());
            var hits = TrainingPresets.Synthetic with { Encoder = drumsOnly, Loss = LossKind.Hits };
            Assert.That(() => hits.Validate(),
                Throws.ArgumentException.With.Message.Contains("groove or synthetic dataset"), drumsOnly.ToString());
        }
    }

    [Test]
    public void WindowFramesNeedAFrameBasedPianoEncodingAndWholeFrames()
    {
        var piano = TrainingPresets.MaestroPaper with { Data = "maestro", TcnWidths = [],
            Encoding = RepresentationKind.OnsetRoll, FrameLength = 4 };
        Assert.That(() => (piano with { WindowFrames = 64 }).Validate(), Throws.Nothing);
        Assert.That(() => (piano with { WindowFrames = 66 }).Validate(),
            Throws.ArgumentException.With.Message.Contains("multiple of frame_length"));
        // `train --dataset maestro --encoding events` blamed a window the user never gave: the default preset's
        Assert.That(() => (piano with { WindowFrames = 64, Encoding = RepresentationKind.Events }).Validate(),
            Throws.ArgumentException.With.Message.Contains("cuts frame-based piano encodings")
                .And.Message.Contains("not events; give --window-frames 0, or --preset maestro-paper"));
        Assert.That(() => (piano with { WindowFrames = -4 }).Validate(),
            Throws.ArgumentException.With.Message.Contains("window_frames must not be negative, got -4"));
    }

    [Test]
    public void InputNoiseNeedsADrumGridAndARateInItsRange()
    {
        var groove = TrainingPresets.GrooveBest with { Data = "groove" };
        Assert.That(() => (groove with { InputNoise = 2 }).Validate(), Throws.Nothing);
        Assert.That(() => (TrainingPresets.Synthetic with { InputNoise = 0.5 }).Validate(), Throws.Nothing);
        foreach (double rate in new[] { 0, -1, 10.5, double.NaN })
            Assert.That(() => (groove with { InputNoise = rate }).Validate(),
                Throws.ArgumentException.With.Message.Contains("input_noise must lie in (0, 10] extra hits per hit"));
        Assert.That(() => (TrainingPresets.MaestroPaper with { Data = "maestro", InputNoise = 1 }).Validate(),
            Throws.ArgumentException.With.Message.Contains(DrumHitsOnly));
    }

    [Test]
    public void InputDropNeedsADrumGridAndAShareInItsRange()
    {
        var groove = TrainingPresets.GrooveBest with { Data = "groove" };
        Assert.That(() => (groove with { InputDrop = 0.3 }).Validate(), Throws.Nothing);
        Assert.That((groove with { InputDrop = 0.3 }).TrainingNoise, Is.EqualTo(new HitNoise(0, 0.3)));
        Assert.That((groove with { InputNoise = 2, InputDrop = 0.3 }).TrainingNoise, Is.EqualTo(new HitNoise(2, 0.3)));
        Assert.That(groove.TrainingNoise, Is.Null, "no noise: plain reconstruction");
        foreach (double share in new[] { 0, -0.2, 0.95, double.NaN })
            Assert.That(() => (groove with { InputDrop = share }).Validate(),
                Throws.ArgumentException.With.Message.Contains(
                    "input_drop must lie in (0, 0.9], the share of the hits dropped"));
        Assert.That(() => (TrainingPresets.MaestroPaper with { Data = "maestro", InputDrop = 0.3 }).Validate(),
            Throws.ArgumentException.With.Message.Contains(DrumHitsOnly));
    }

    [Test]
    public void InputQuantizeNeedsADrumGridAndJoinsTheOtherNoise()
    {
        var groove = TrainingPresets.GrooveBest with { Data = "groove" };
        Assert.That(() => (groove with { InputQuantize = true }).Validate(), Throws.Nothing);
        Assert.That((groove with { InputQuantize = true }).TrainingNoise, Is.EqualTo(new HitNoise(0, 0, true)));
        Assert.That((groove with { InputNoise = 1, InputQuantize = true }).TrainingNoise,
            Is.EqualTo(new HitNoise(1, 0, true)));
        Assert.That(() => (TrainingPresets.MaestroPaper with { Data = "maestro", InputQuantize = true }).Validate(),
            Throws.ArgumentException.With.Message.Contains(DrumHitsOnly));
    }

    private const string DrumHitsOnly = "input_noise, input_drop and input_quantize change drum hits";
}
