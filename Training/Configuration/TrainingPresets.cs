using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Initialization;

namespace TcnWtaNative.Training.Configuration;

/// <summary>
/// Named starting points for <see cref="TrainingOptions"/>: the paper's Groove and MAESTRO setups, the best ones
/// measured here, and a quick synthetic run. Every value can be overridden by a JSON config file and then by flags.
/// </summary>
public static class TrainingPresets
{
    /// <summary>
    /// The paper's Groove setup: no TCN, one-bar 4/4 sections (T = 16), N = 100 atoms of one bar (K = 16), k 4 -> 1
    /// linearly over the epochs, the whole dataset as one batch, AdamW, MSE, 1000 epochs.
    /// </summary>
    public static readonly TrainingOptions GroovePaper = new()
    {
        Dataset = DatasetKind.Groove, Meter = "4-4", Bars = 1, HopBars = 1,
        Atoms = 100, FrameLength = 16, KStart = 4, KEnd = 1,
        Optimizer = OptimizerKind.Adamw, LearningRate = 5e-3f, WeightDecay = 0.01f,
        Epochs = 1000, BatchSize = 0, CheckpointEvery = 50,
    };

    /// <summary>groove-paper with atoms of one beat (K = 4): the paper's 'structured drums'.</summary>
    public static readonly TrainingOptions GrooveBeat = GroovePaper with { FrameLength = 4 };

    /// <summary>
    /// The best Groove dictionary under the one-atom gain search at 4 non-zeros per bar
    /// (docs/groove-rate-distortion.md, "Rate against distortion"; it was groove-best until the union code beat it): N
    /// = 1000 one-beat atoms (K = 4), k = 1 per beat, atoms started at the k-means centroids of the training beats and
    /// the encoder tied to them (matching pursuit), then 20 epochs of Adam at 1e-3 in batches of 256 one-bar sections,
    /// MSE.
    /// </summary>
    public static readonly TrainingOptions GrooveGain = GroovePaper with
    {
        Atoms = 1000, FrameLength = 4, KStart = 1, KEnd = 1, InitAtoms = AtomInitialization.Kmeans, TieEncoder = true,
        Optimizer = OptimizerKind.Adam, LearningRate = 1e-3f, WeightDecay = 0f, Epochs = 20, BatchSize = 256,
        CheckpointEvery = 5,
    };

    /// <summary>groove-gain with one-bar atoms (K = 16): one atom per bar, the paper's own budget.</summary>
    public static readonly TrainingOptions GrooveBar = GrooveGain with { FrameLength = 16 };

    /// <summary>
    /// The best Groove dictionary at 4 non-zeros per bar (docs/groove-rate-distortion.md, "Rate against distortion"),
    /// for the union code: N = 1000 two-beat atoms (K = 8), k = 2 per frame (the network's own encoder spends 4 per bar
    /// too), the atoms the k-means centroids of the training frames refit for the union code (--init-atoms
    /// kmeans-union) with the encoder tied to them, and no gradient training (0 epochs): on validation groove-gain's 20
    /// epochs of Adam at 1e-3 lowered the union code's hit F1 at 4 per bar from 0.952 to 0.941, since the MSE of the
    /// network's own encoder is not what the union code needs from the atoms. The model file names union as its
    /// application coder; Adam at 1e-3 in batches of 256 stays the setting a --resume with more epochs trains on with.
    /// </summary>
    public static readonly TrainingOptions GrooveBest = GrooveGain with
    {
        FrameLength = 8, KStart = 2, KEnd = 2, InitAtoms = AtomInitialization.KmeansUnion,
        Encoder = CodeEncoder.Union, Epochs = 0,
    };

    /// <summary>
    /// The Groove denoiser (docs/applications-measured.md, "Denoising, measured against baselines"): groove-best's
    /// shape and k-means start (N = 1000 two-beat atoms, k = 2 per frame), then 60 epochs of denoising training
    /// (--input-noise 2: each training bar with two random extra hits per hit, the loss against the clean bar) with the
    /// encoder untied from the atoms, so it learns to look past the noise. Chosen on validation files and bars: rate 2
    /// in training beat rate 1 at both test rates, 60 epochs beat 20 and matched 150, k = 4 in training, a tied encoder
    /// and the hits loss did worse; applied with --k 4 --prior-data.
    /// </summary>
    public static readonly TrainingOptions GrooveDenoise = GrooveBest with
    {
        TieEncoder = false, InputNoise = 2, Epochs = 60, Encoder = CodeEncoder.Wta,
    };

    /// <summary>
    /// The Groove humanizer (docs/applications-measured.md, "Humanizing drums, measured"): groove-best's shape and
    /// k-means start, then 60 epochs with every training bar's hits quantized (--input-quantize: velocity 100 on the
    /// grid, the loss against the bar as played), the encoder untied from the atoms. Chosen on validation bars: 60
    /// epochs beat 20 and 150, k = 2 in training beat 4, MSE beat L1 and two-beat atoms beat one-bar ones; applied with
    /// humanize --k 4.
    /// </summary>
    public static readonly TrainingOptions GrooveHumanize = GrooveBest with
    {
        TieEncoder = false, InputQuantize = true, Epochs = 60, Encoder = CodeEncoder.Wta,
    };

    /// <summary>
    /// The paper's MAESTRO setup: 388-event one-hot input, a TCN front end, N = 1000 atoms of K = 32 events,
    /// k 100 -> 75 linearly over 60 epochs, batch 1 over whole variable-length pieces, AdamW, MSE. The TCN is two
    /// blocks of width 64 with kernel 3 (dilations 1 and 2, two convolutions each: a receptive field of 13 events), the
    /// benchmark's shape: it narrows the encoder's frame from 388 x 32 to 64 x 32 inputs, which keeps the encoder a
    /// sixth of the size.
    /// </summary>
    public static readonly TrainingOptions MaestroPaper = new()
    {
        Dataset = DatasetKind.Maestro, Encoding = RepresentationKind.Events,
        TcnWidths = [64, 64], TcnKernel = 3, Atoms = 1000, FrameLength = 32, KStart = 100, KEnd = 75,
        Optimizer = OptimizerKind.Adamw, LearningRate = 1e-3f, WeightDecay = 0.01f,
        Epochs = 60, BatchSize = 1, CheckpointEvery = 1,
    };

    /// <summary>
    /// The best piano dictionary found so far (docs/piano-rate-distortion.md): the onset roll at 20 frames per second
    /// (onsets, their velocities and offsets of the 88 keys), no TCN, N = 256 atoms of K = 2 frames (100 ms), k = 4 per
    /// frame, that is 40 non-zeros per second of music; atoms started at the k-means centroids of training frames with
    /// the encoder tied to them, then Adam at 1e-3 on batches of 64 windows of 64 frames (3.2 s) cut from whole pieces,
    /// MSE, 6 epochs over the train split.
    /// </summary>
    public static readonly TrainingOptions PianoBest = new()
    {
        Dataset = DatasetKind.Maestro, Encoding = RepresentationKind.OnsetRoll, FramesPerSecond = 20, WindowFrames = 64,
        Atoms = 256, FrameLength = 2, KStart = 4, KEnd = 4, InitAtoms = AtomInitialization.Kmeans, TieEncoder = true,
        Optimizer = OptimizerKind.Adam, LearningRate = 1e-3f, WeightDecay = 0f, Epochs = 6, BatchSize = 64,
        CheckpointEvery = 1,
    };

    /// <summary>
    /// The piano dictionary of chords (docs/piano-rate-distortion.md, "A dictionary of chords"): piano-best's onset
    /// roll and 2-frame atoms, N = 2400 atoms started by --init-atoms onset-patterns (the 352 atoms of the per-key
    /// basis, then the 2,048 onset patterns of the training frames that save the most non-zeros) and no gradient
    /// training (0 epochs): on validation 2,048 patterns beat 1,024 (OMP's onset F1 at 5 non-zeros per second 0.843
    /// against 0.824), and one epoch of piano-best's Adam at 1e-3 lowered the 1,024's from 0.824 to 0.721, since MSE at
    /// k = 4 per frame blurs the chords. The model file names OMP as its coder.
    /// </summary>
    public static readonly TrainingOptions PianoChords = PianoBest with
    {
        Atoms = 2400, InitAtoms = AtomInitialization.OnsetPatterns, Encoder = CodeEncoder.Omp, Epochs = 0,
    };

    /// <summary>
    /// The piano dictionary of whole notes (docs/piano-rate-distortion.md, "Onsets first, note ends too"): piano-chords
    /// with half of its 2,048 patterns counted over onsets and offsets together (--pattern-offsets 0.5), and OMP
    /// weighing the note ends at 0.25 (--offset-weight), so the pursuit codes onsets first: on validation at 10
    /// non-zeros per second, OMP's onset F1 0.975 against piano-chords' 0.978 and note F1 with offsets 0.753 against
    /// 0.569 (with the note ends weighing 1, as much as onsets, 0.930 and 0.839).
    /// </summary>
    public static readonly TrainingOptions PianoNotes = PianoChords with { PatternOffsets = 0.5, OffsetWeight = 0.25 };

    /// <summary>
    /// A quick run on synthetic one-bar drum grids: 12 atoms of one bar, k = 1, Adam at 0.01, 200 epochs, whole set as
    /// one batch.
    /// </summary>
    public static readonly TrainingOptions Synthetic = new()
    {
        Dataset = DatasetKind.Synthetic, Samples = 1024, ValidationSamples = 256,
        Atoms = 12, FrameLength = 16, KStart = 1, KEnd = 1,
        Optimizer = OptimizerKind.Adam, LearningRate = 1e-2f, WeightDecay = 0f,
        Epochs = 200, BatchSize = 0, CheckpointEvery = 50,
    };

    /// <summary>Every preset by the name the CLI uses.</summary>
    public static readonly IReadOnlyDictionary<string, TrainingOptions> ByName = new Dictionary<string, TrainingOptions>
    {
        ["groove-paper"] = GroovePaper,
        ["groove-beat"] = GrooveBeat,
        ["groove-best"] = GrooveBest,
        ["groove-gain"] = GrooveGain,
        ["groove-bar"] = GrooveBar,
        ["groove-denoise"] = GrooveDenoise,
        ["groove-humanize"] = GrooveHumanize,
        ["maestro-paper"] = MaestroPaper,
        ["piano-best"] = PianoBest,
        ["piano-chords"] = PianoChords,
        ["piano-notes"] = PianoNotes,
        ["synthetic"] = Synthetic,
    };

    /// <summary>
    /// The preset of that name; an unknown name is an <see cref="ArgumentException"/> listing the known ones.
    /// </summary>
    public static TrainingOptions Named(string name)
        => ByName.TryGetValue(name, out var preset) ? preset
            : throw new ArgumentException($"unknown preset '{name}'; choose one of {string.Join(", ", ByName.Keys)}");

    /// <summary>The preset a dataset uses when none is named.</summary>
    public static string DefaultFor(DatasetKind dataset) => dataset switch
    {
        DatasetKind.Groove => "groove-paper",
        DatasetKind.Maestro => "piano-best",
        _ => "synthetic",
    };
}
