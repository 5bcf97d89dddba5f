using System.Text.Json.Serialization;
using System.Text.Json;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Training.Schedules;

namespace TcnWtaNative.Training.Configuration;

/// <summary>Where the training signals come from.</summary>
public enum DatasetKind
{
    /// <summary>One-bar drum grids generated in code from known patterns (<see cref="Data.SyntheticDrums"/>).</summary>
    Synthetic,
    /// <summary>The Groove MIDI Dataset, cut into sections of whole bars.</summary>
    Groove,
    /// <summary>MAESTRO piano performances, one variable-length piece per item.</summary>
    Maestro,
}

/// <summary>Adam (L2 weight decay added to the gradient) or AdamW (decoupled weight decay).</summary>
public enum OptimizerKind
{
    /// <summary>torch.optim.Adam.</summary>
    Adam,
    /// <summary>torch.optim.AdamW.</summary>
    Adamw,
}

/// <summary>
/// Everything that decides a training run, as resolved from a preset, a JSON config file and command-line flags
/// (in that order of precedence, the last winning). Written to the run folder's config.json and into every
/// checkpoint, so a run can be resumed and reproduced. JSON names are snake_case, enum values kebab-case.
/// </summary>
public sealed record TrainingOptions
{
    // ---- data ----
    public DatasetKind Dataset { get; init; } = DatasetKind.Synthetic;
    /// <summary>
    /// The dataset folder (Groove: holding info.csv; MAESTRO: holding maestro-v3.0.0.csv). Unused for synthetic.
    /// </summary>
    public string? Data { get; init; }
    public string Split { get; init; } = "train";
    /// <summary>The split whose loss is reported every epoch; "none" for no validation.</summary>
    public string ValidationSplit { get; init; } = "validation";
    /// <summary>
    /// Groove: the meter of the files and sections in info.csv's spelling ("4-4"; "4/4", as the commands show a meter,
    /// is read as "4-4"), or "all" for every meter at its own bar length.
    /// </summary>
    public string Meter { get; init => field = GrooveFilter.MeterLabel(value); } = "4-4";
    public string? Style { get; init; }
    public string? Drummer { get; init; }
    public string? BeatType { get; init; }
    /// <summary>Groove: bars per section, and bars between section starts.</summary>
    public int Bars { get; init; } = 1;
    public int HopBars { get; init; } = 1;
    public string? Composer { get; init; }
    /// <summary>At most this many files (pieces) of each split, in index order; null for all.</summary>
    public int? MaxFiles { get; init; }
    /// <summary>MAESTRO: events (388-event one-hot), pianoroll or onset-roll.</summary>
    public RepresentationKind Encoding { get; init; } = RepresentationKind.Events;
    /// <summary>MAESTRO piano roll frame rate.</summary>
    public double FramesPerSecond { get; init; } = 100;
    /// <summary>MAESTRO pianoroll and onset-roll: train on windows of this many frames cut from the pieces (a multiple
    /// of frame_length, rendered as needed, so memory holds only the notes); 0 for whole pieces.</summary>
    public int WindowFrames { get; init; }
    /// <summary>Synthetic: training grids, and held-out grids for validation (0 for none).</summary>
    public int Samples { get; init; } = 1024;
    public int ValidationSamples { get; init; } = 256;

    // ---- model ----
    public int Atoms { get; init; } = 12;
    /// <summary>K: atom length in steps.</summary>
    public int FrameLength { get; init; } = 16;
    public int[] TcnWidths { get; init; } = [];
    public int TcnKernel { get; init; } = 3;
    public SparsityKind Sparsity { get; init; } = SparsityKind.ChannelTopK;
    public float LifetimeRate { get; init; } = 0.05f;
    public LossKind Loss { get; init; } = LossKind.Mse;
    /// <summary>Rescale every atom to unit L2 norm after each step.</summary>
    public bool UnitNormAtoms { get; init; }
    /// <summary>After every step (and at the start), atoms to unit norm and each encoder filter = its atom: the encoder
    /// becomes matching pursuit over the dictionary, and training improves the dictionary alone.</summary>
    public bool TieEncoder { get; init; }
    /// <summary>
    /// How a fresh model's atoms start: random (PyTorch's default init) or frames of the training data (k-means++
    /// seeding).
    /// </summary>
    public AtomInitialization InitAtoms { get; init; } = AtomInitialization.Random;
    /// <summary>
    /// With <see cref="InitAtoms"/> onset-patterns: the share of the counted patterns that hold note ends (offsets,
    /// alone or with onsets) rather than onsets alone (<see cref="OnsetPatternAtoms"/>); 0 for onsets alone.
    /// </summary>
    public double PatternOffsets { get; init; }
    /// <summary>
    /// Re-seed an atom from one of the epoch's worst-reconstructed training frames after this many consecutive epochs
    /// without a win (<see cref="Revival.DeadAtomRevival"/>); null for never.
    /// </summary>
    public int? ReviveAtomsAfter { get; init; }
    /// <summary>
    /// The sparse coder the applications use with this model unless told otherwise, recorded in the model file
    /// (<see cref="Applications.ModelEncoder.MetadataKey"/>); gain and union need a drum-grid model with the mse or
    /// l1 loss.
    /// </summary>
    public CodeEncoder Encoder { get; init; } = CodeEncoder.Wta;
    /// <summary>
    /// The weight of the onset roll's note-end rows in OMP's squared error when the applications and evaluate code a
    /// piece over this model's atoms, recorded in the model file (<see cref="Applications.ModelOffsetWeight"/>); 1
    /// weighs every row alike. Onset roll only.
    /// </summary>
    public double OffsetWeight { get; init; } = Applications.ModelOffsetWeight.Plain;
    /// <summary>
    /// Denoising training: each training grid gets this many random extra hits per hit before the encoder sees it,
    /// fresh every epoch, and the loss compares the reconstruction with the clean grid; the validation loss does the
    /// same with one fixed draw (<see cref="Data.InputNoise"/>). Drum grids only; null for plain reconstruction.
    /// </summary>
    public double? InputNoise { get; init; }
    /// <summary>
    /// Denoising training of missed notes: each training grid loses this share of its hits before the encoder sees it
    /// (with or without <see cref="InputNoise"/>), and the loss compares the reconstruction with the clean grid. Drum
    /// grids only; null for none.
    /// </summary>
    public double? InputDrop { get; init; }
    /// <summary>
    /// Humanizing training: each training grid's hits (after any <see cref="InputNoise"/> and <see cref="InputDrop"/>)
    /// are played at one velocity on the grid before the encoder sees them, and the loss compares the reconstruction
    /// with the grid as played, so the decoder learns the velocities and timing a player adds. Drum grids only.
    /// </summary>
    public bool InputQuantize { get; init; }

    // ---- k schedule ----
    public int KStart { get; init; } = 1;
    public int KEnd { get; init; } = 1;
    /// <summary>Epochs over which k goes from start to end; null for all of <see cref="Epochs"/>.</summary>
    public int? KEpochs { get; init; }
    public ScheduleShape KSchedule { get; init; } = ScheduleShape.Linear;

    // ---- optimizer ----
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adamw;
    public float LearningRate { get; init; } = 1e-3f;
    public float WeightDecay { get; init; } = 0.01f;
    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.999f;
    public float Epsilon { get; init; } = 1e-8f;
    /// <summary>Clip gradients to this global L2 norm; null for no clipping.</summary>
    public double? ClipNorm { get; init; }
    public LearningRateShape LrSchedule { get; init; } = LearningRateShape.Constant;
    /// <summary>Cosine: the rate at the end of its fall (<see cref="LrDecayEpochs"/>) and after.</summary>
    public float LrMin { get; init; }
    /// <summary>
    /// Cosine: epochs over which the rate falls from the base rate to <see cref="LrMin"/>; null for all of
    /// <see cref="Epochs"/>.
    /// </summary>
    public int? LrEpochs { get; init; }
    /// <summary>Step: epochs between multiplications by <see cref="LrGamma"/>.</summary>
    public int LrStepEpochs { get; init; } = 100;
    public float LrGamma { get; init; } = 0.5f;

    // ---- loop ----
    /// <summary>
    /// Epochs of gradient training; 0 keeps the atoms as an initializer that fits them to the data left them
    /// (<see cref="FitsAtoms"/>).
    /// </summary>
    public int Epochs { get; init; } = 100;
    /// <summary>
    /// Items per batch; 0 for the whole dataset as one batch. Variable-length items are zero-padded to the longest in
    /// the batch and masked.
    /// </summary>
    public int BatchSize { get; init; }
    /// <summary>Seeds the initialization, the synthetic data and every epoch's shuffle.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Save a checkpoint every this many epochs (and always at the end and on Ctrl-C or SIGTERM).</summary>
    public int CheckpointEvery { get; init; } = 10;
    /// <summary>
    /// End each epoch's training after this many seconds (the rest of its batches are skipped; not reproducible); null
    /// for no limit.
    /// </summary>
    public double? MaxEpochSeconds { get; init; }

    /// <summary>The JSON form every options file, config.json and checkpoint uses.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// Reads options JSON; unknown keys and bad values are an <see cref="InvalidDataException"/> naming the problem.
    /// </summary>
    public static TrainingOptions FromJson(string json, string source)
    {
        try
        {
            var options = JsonSerializer.Deserialize<TrainingOptions>(json, Json)
                ?? throw new InvalidDataException($"{source}: the training options are empty");
            options.Validate();
            return options;
        }
        catch (JsonException error)
        {
            throw new InvalidDataException(
                $"{source}: {JsonObjectError.Describe(error, json, typeof(TrainingOptions), Json, "training option")}");
        }
        catch (ArgumentException error) { throw new InvalidDataException($"{source}: {error.Message}"); }
    }

    /// <summary>
    /// True when <see cref="InitAtoms"/> fits the atoms to the training data (k-means and its refits, onset patterns),
    /// so a model of 0 epochs has learned something.
    /// </summary>
    [JsonIgnore]
    public bool FitsAtoms => InitAtoms is AtomInitialization.Kmeans or AtomInitialization.KmeansGain
        or AtomInitialization.KmeansUnion or AtomInitialization.OnsetPatterns;

    /// <summary>
    /// The noise of denoising or humanizing training (<see cref="InputNoise"/>, <see cref="InputDrop"/>,
    /// <see cref="InputQuantize"/>), or null.
    /// </summary>
    [JsonIgnore]
    public Applications.HitNoise? TrainingNoise => Applications.HitNoise.Of(InputNoise, InputDrop, "input_noise",
        "input_drop", InputQuantize);

    /// <summary>Epochs over which k decays.</summary>
    [JsonIgnore]
    public int KDecayEpochs => KEpochs ?? Epochs;

    /// <summary>Epochs over which the cosine learning rate falls.</summary>
    [JsonIgnore]
    public int LrDecayEpochs => LrEpochs ?? Epochs;

    /// <summary>
    /// The model these options build for data of <paramref name="representation"/> with
    /// <paramref name="inputChannels"/> channels, with k at its starting value. The hits loss takes its hit channels
    /// from the data: one per drum class of a Groove grid (the synthetic grids included); other data is a clear error.
    /// </summary>
    public AutoencoderConfig ModelConfig(RepresentationKind representation, int inputChannels) => new()
    {
        InputChannels = inputChannels, Atoms = Atoms, FrameLength = FrameLength, TcnWidths = TcnWidths,
        TcnKernel = TcnKernel, Sparsity = Sparsity, TopK = KStart, LifetimeRate = LifetimeRate, Loss = Loss,
        HitChannels = Loss == LossKind.Hits ? DrumHitChannels(representation) : 0,
    };

    private static int DrumHitChannels(RepresentationKind representation) => representation == RepresentationKind.Groove
        ? DrumMapping.ClassCount
        : throw new ArgumentException(
            $"the hits loss needs a drum grid; {representation.ToString().ToLowerInvariant()} data has no hit "
            + "channels (use --loss mse or l1)");

    public TopKSchedule TopKSchedule() => new(KStart, KEnd, KDecayEpochs, KSchedule);

    public LearningRateSchedule LearningRates()
        => new(LrSchedule, LearningRate, LrDecayEpochs, LrMin, LrStepEpochs, LrGamma);

    /// <summary>The optimizer's settings at a learning rate.</summary>
    public AdamSettings AdamSettings(float learningRate)
        => new(learningRate, Beta1, Beta2, Epsilon, WeightDecay, Decoupled: Optimizer == OptimizerKind.Adamw);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option no run can use.</summary>
    public void Validate()
    {
        Require(Dataset == DatasetKind.Synthetic || !string.IsNullOrWhiteSpace(Data),
            $"the {Dataset.ToString().ToLowerInvariant()} dataset needs its folder (--data DIR)");
        Require(Bars >= 1 && HopBars >= 1, $"bars and hop_bars must be at least 1, got {Bars} and {HopBars}");
        Require(MaxFiles is null or >= 1, $"max_files must be at least 1, got {MaxFiles}");
        // a misspelt validation split once trained with no validation at all, and exit 0
        RequireSplit(Split);
        Require(IsDatasetSplit(ValidationSplit) || string.Equals(ValidationSplit, "none",
                StringComparison.OrdinalIgnoreCase),
            $"validation_split must be train, validation, test or none, got '{ValidationSplit}'");
        Require(Samples >= 1 && ValidationSamples >= 0,
            $"samples must be at least 1 and validation_samples not negative, got {Samples} and {ValidationSamples}");
        Require(Samples <= InputLimits.MaxSyntheticSamples && ValidationSamples <= InputLimits.MaxSyntheticSamples,
            $"samples and validation_samples may be at most {InputLimits.MaxSyntheticSamples}, got "
            + $"{Samples} and {ValidationSamples}");
        Require(Dataset != DatasetKind.Maestro || Encoding != RepresentationKind.Groove,
            "MAESTRO is encoded as events, pianoroll or onset-roll, not groove");
        Require(FramesPerSecond > 0 && FramesPerSecond <= 10_000,
            $"frames_per_second must lie in (0, 10000], got {FramesPerSecond}");
        Require(WindowFrames >= 0, $"window_frames must not be negative, got {WindowFrames}");
        Require(WindowFrames == 0 || Encoding is RepresentationKind.Pianoroll or RepresentationKind.OnsetRoll,
            $"window_frames {WindowFrames} (from --window-frames, --config or the preset; MAESTRO's default, "
            + "piano-best, cuts 64) cuts frame-based piano encodings (pianoroll or onset-roll), not "
            + $"{Encoding.ToString().ToLowerInvariant()}; give --window-frames 0, or --preset maestro-paper for the "
            + "events model");
        Require(WindowFrames % Math.Max(1, FrameLength) == 0,
            $"window_frames ({WindowFrames}) must be a multiple of frame_length ({FrameLength})");
        Require(Atoms >= 1 && FrameLength >= 1,
            $"atoms and frame_length must be at least 1, got {Atoms} and {FrameLength}");
        if (Dataset == DatasetKind.Groove && GrooveFrameTiling.Problem(FrameLength, Bars, Meter) is { } tiling)
            throw new ArgumentException(tiling);
        if (Sparsity == SparsityKind.ChannelTopK)
            Require(KStart >= 1 && KEnd >= 1 && KStart <= Atoms && KEnd <= Atoms,
                $"k_start and k_end must lie in [1, atoms = {Atoms}], got {KStart} and {KEnd}");
        Require(KEpochs is null or >= 1, $"k_epochs must be at least 1, got {KEpochs}");
        Require(LrEpochs is null or >= 1, $"lr_epochs must be at least 1, got {LrEpochs}");
        Require(LearningRate > 0 && float.IsFinite(LearningRate),
            $"learning_rate must be positive, got {LearningRate}");
        Require(WeightDecay >= 0 && LrMin >= 0 && LrGamma > 0 && LrStepEpochs >= 1,
            "weight_decay and lr_min must not be negative, lr_gamma must be positive and lr_step_epochs at least 1");
        Require(Beta1 is >= 0 and < 1 && Beta2 is >= 0 and < 1 && Epsilon > 0,
            $"betas must lie in [0, 1) and epsilon be positive, got {Beta1}, {Beta2}, {Epsilon}");
        Require(ClipNorm is null or > 0, $"clip_norm must be positive, got {ClipNorm}");
        Require(Epochs >= 0, $"epochs must not be negative, got {Epochs}");
        Require(Epochs >= 1 || FitsAtoms,
            $"epochs 0 keeps the atoms as init_atoms '{OptionsName(InitAtoms)}' leaves them, which learns nothing; "
            + "give --init-atoms kmeans, kmeans-gain, kmeans-union or onset-patterns (atoms fit to the data), or at "
            + "least 1 epoch");
        Require(BatchSize >= 0, $"batch_size must be 0 (whole dataset) or positive, got {BatchSize}");
        Require(CheckpointEvery >= 1, $"checkpoint_every must be at least 1, got {CheckpointEvery}");
        Require(MaxEpochSeconds is null or > 0, $"max_epoch_seconds must be positive, got {MaxEpochSeconds}");
        Require(ReviveAtomsAfter is null or >= 1,
            $"revive_atoms_after must be at least 1 epoch, got {ReviveAtomsAfter}");
        Require(InitAtoms == AtomInitialization.Random || TcnWidths.Length == 0,
            "init_atoms 'frames', 'kmeans', 'kmeans-gain', 'kmeans-union' and 'onset-patterns' need a model without a "
            + "TCN front end");
        Require(InitAtoms != AtomInitialization.OnsetPatterns
            || Dataset == DatasetKind.Maestro && Encoding == RepresentationKind.OnsetRoll && Loss != LossKind.Hits,
            "init_atoms 'onset-patterns' mines chords from the piano onset roll: it needs the maestro dataset, "
            + "encoding onset-roll and the mse or l1 loss");
        Require(PatternOffsets is >= 0 and <= 1
            && (PatternOffsets == 0 || InitAtoms == AtomInitialization.OnsetPatterns),
            $"pattern_offsets is a share in [0, 1] of the patterns init_atoms 'onset-patterns' counts, got "
            + $"{PatternOffsets} with init_atoms '{OptionsName(InitAtoms)}'");
        Require(Applications.ModelOffsetWeight.Problem(OffsetWeight) is null,
            $"offset_weight must be positive and finite, got {OffsetWeight}");
        Require(OffsetWeight == Applications.ModelOffsetWeight.Plain
            || Dataset == DatasetKind.Maestro && Encoding == RepresentationKind.OnsetRoll,
            $"offset_weight weighs the note ends of the piano onset roll: it needs the maestro dataset and encoding "
            + $"onset-roll, got {OffsetWeight}");
        Require(InitAtoms != AtomInitialization.OnsetPatterns || Atoms >= OnsetPatternAtoms.MinimumAtoms(FrameLength),
            $"init_atoms 'onset-patterns' starts with the per-key basis of "
            + $"{OnsetPatternAtoms.MinimumAtoms(FrameLength)} atoms (2 x 88 keys x frame_length {FrameLength}): give "
            + $"atoms {OnsetPatternAtoms.MinimumAtoms(FrameLength)} or more, not {Atoms}");
        Require(InitAtoms != AtomInitialization.KmeansGain || Dataset == DatasetKind.Groove && Loss != LossKind.Hits,
            "init_atoms 'kmeans-gain' refits atoms for the Groove gain search: it needs the groove "
            + "dataset and the mse or l1 loss");
        Require(InitAtoms != AtomInitialization.KmeansUnion || Dataset == DatasetKind.Groove && Loss != LossKind.Hits,
            "init_atoms 'kmeans-union' refits atoms for the Groove union code: it needs the groove "
            + "dataset and the mse or l1 loss");
        Require(!TieEncoder || TcnWidths.Length == 0, "tie_encoder needs a model without a TCN front end");
        if (Applications.HitNoise.Problem(InputNoise, InputDrop, "input_noise", "input_drop") is { } noise)
            throw new ArgumentException(noise);
        Require(InputNoise is null && InputDrop is null && !InputQuantize || Dataset != DatasetKind.Maestro,
            "input_noise, input_drop and input_quantize change drum hits: they need the groove or synthetic dataset");
        Require(Loss != LossKind.Hits || Dataset != DatasetKind.Maestro,
            "the hits loss needs a drum grid; maestro is piano (use --loss mse or l1)");
        Require(!TieEncoder || Loss != LossKind.Hits,
            "tie_encoder needs atoms in the input's space; under the hits loss their hit rows are logits");
        Require(Encoder is CodeEncoder.Wta or CodeEncoder.Omp
            || Dataset != DatasetKind.Maestro && Loss != LossKind.Hits,
            $"encoder '{OptionsName(Encoder)}' codes drum grids against atoms in the input's space: it needs the "
            + "groove or synthetic dataset and the mse or l1 loss (or --encoder wta or omp)");
        ModelConfig(RepresentationKind.Groove, GrooveGrid.Channels).Validate();
    }

    /// <summary>An enum value as options files and flags spell it: KmeansUnion -> "kmeans-union".</summary>
    public static string OptionsName<T>(T value) where T : struct, Enum
        => JsonSerializer.Serialize(value, Json).Trim('"');

    /// <summary>
    /// Throws the <see cref="ArgumentException"/> "split must be train, validation or test, got 'X'" for a split
    /// that Groove's info.csv and MAESTRO's csv do not name (in any case), as <see cref="Validate"/> does for --split.
    /// </summary>
    public static void RequireSplit(string? split)
        => Require(IsDatasetSplit(split), $"split must be train, validation or test, got '{split}'");

    // the splits Groove's info.csv and MAESTRO's csv name
    private static bool IsDatasetSplit(string? split) => split?.ToLowerInvariant() is "train" or "validation" or "test";

    private static void Require(bool condition, string problem)
    {
        if (!condition) throw new ArgumentException(problem);
    }
}
