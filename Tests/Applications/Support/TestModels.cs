using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Tests.Applications.Support;

/// <summary>
/// Small trained Groove checkpoints for the application tests, saved with their representation in the metadata,
/// as the trainer saves them: two shared ones trained once per test run, one on synthetic one-bar drum patterns
/// (its atoms learn the patterns), one on one-bar sections of real Groove training files (skipped when the data
/// is absent), and <see cref="Save"/> for tests that need a model of their own shape.
/// </summary>
internal static class TestModels
{
    private static readonly string Folder = TestData.TempDir();
    private static readonly Lazy<string> SyntheticModel = new(
        () => Shared("synthetic.safetensors", SyntheticDrums.Generate(512, seed: 3), atoms: 12, k: 1, epochs: 300));
    private static readonly Lazy<string> GrooveModel = new(
        () => Shared("groove.safetensors", GrooveBars(TrainingFiles()), atoms: 32, k: 3, epochs: 200));

    private static readonly Lazy<string> OrthonormalModel = new(
        () => SaveOrthonormal(Path.Combine(Folder, "orthonormal.safetensors"), atoms: 12, k: 3, seed: 5));

    /// <summary>
    /// An untrained Groove model of 12 orthonormal one-bar atoms (random, then Gram-Schmidt), k = 3, its encoder tied
    /// to them: z = the atoms' correlations with each bar. WTA keeps the k largest correlations, OMP the k largest in
    /// magnitude, and over orthonormal atoms OMP's k terms are the best of any k, so its loss can only be lower.
    /// </summary>
    public static string Orthonormal => OrthonormalModel.Value;

    /// <summary>A model of 12 one-bar atoms, k = 1, trained on <see cref="SyntheticDrums"/>.</summary>
    public static string Synthetic => SyntheticModel.Value;

    /// <summary>
    /// A model of 32 one-bar atoms, k = 3, trained on one-bar 4/4 sections of 80 Groove training files.
    /// </summary>
    public static string Groove
    {
        get
        {
            TestData.GrooveDir();
            return GrooveModel.Value;
        }
    }

    /// <summary>A fresh folder for a test's outputs.</summary>
    public static string OutputFolder() => TestData.TempDir();

    /// <summary>Groove test-split 4/4 beats (not used in training), every n-th so several drummers appear.</summary>
    public static string[] GrooveTestFiles(int count) => EveryNth(GrooveFilterOf("test"), count);

    /// <summary>
    /// A synthetic pattern written as a drum MIDI file of <paramref name="bars"/> repeated bars at 120 bpm.
    /// </summary>
    public static string SyntheticFile(string folder, int pattern, int bars = 4)
        => SyntheticSequence(Path.Combine(folder, $"{SyntheticDrums.Patterns[pattern].Name}.mid"),
            Enumerable.Repeat(pattern, bars).ToArray());

    /// <summary>
    /// Synthetic patterns one bar each, in order, written as a drum MIDI file at 120 bpm in <paramref name="meter"/>
    /// (4/4 when null; the 16-step bars are written as they are, whatever the meter says).
    /// </summary>
    public static string SyntheticSequence(string path, IReadOnlyList<int> patterns, TimeSignature? meter = null)
    {
        int steps = SyntheticDrums.Steps * patterns.Count;
        var grid = new float[SyntheticDrums.Channels * steps];
        for (int b = 0; b < patterns.Count; b++)
        {
            var bar = SyntheticDrums.Template(SyntheticDrums.Patterns[patterns[b]]);
            for (int c = 0; c < SyntheticDrums.Channels; c++)
                Array.Copy(bar, c * SyntheticDrums.Steps, grid, c * steps + b * SyntheticDrums.Steps,
                    SyntheticDrums.Steps);
        }
        MidiOutput.Write(GrooveDecoder.ToSong(grid, steps, meter: meter), path);
        return path;
    }

    private static string[] TrainingFiles() => EveryNth(GrooveFilterOf("train"), 80);

    private static (GrooveIndex Index, IReadOnlyList<GrooveEntry> Entries) GrooveFilterOf(string split)
    {
        var index = GrooveIndex.Load(TestData.GrooveDir());
        return (index, index.Select(new GrooveFilter(Split: split, BeatType: "beat")));
    }

    private static string[] EveryNth((GrooveIndex Index, IReadOnlyList<GrooveEntry> Entries) selection, int count)
    {
        var (index, entries) = selection;
        return [.. Enumerable.Range(0, Math.Min(count, entries.Count))
            .Select(i => index.PathOf(entries[i * entries.Count / Math.Min(count, entries.Count)]))];
    }

    /// <summary>The one-bar 4/4 sections [27, 16] of the given Groove MIDI files.</summary>
    public static SignalSet GrooveBars(IEnumerable<string> files)
    {
        var set = new SignalSet(GrooveGrid.Channels, GrooveGrid.StepsPerWholeNote);
        foreach (string file in files)
            foreach (var section in GrooveSections.Cut(GrooveEncoder.Encode(MidiReader.Read(file))))
                set.Add(section.Grid);
        return set;
    }

    private static string Shared(string name, SignalSet data, int atoms, int k, int epochs)
    {
        string path = Path.Combine(Folder, name);
        Save(path, data, atoms, k, epochs, seed: 7);
        return path;
    }

    private static string SaveOrthonormal(string path, int atoms, int k, int seed)
    {
        int size = GrooveGrid.Channels * GrooveGrid.StepsPerWholeNote;
        var random = new Random(seed);
        var basis = new double[atoms][];
        for (int n = 0; n < atoms; n++)
        {
            var v = Enumerable.Range(0, size).Select(_ => 2 * random.NextDouble() - 1).ToArray();
            for (int m = 0; m < n; m++)
            {
                double dot = v.Zip(basis[m], (a, b) => a * b).Sum();
                for (int i = 0; i < size; i++) v[i] -= dot * basis[m][i];
            }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            basis[n] = [.. v.Select(x => x / norm)];
        }
        var values = basis.SelectMany(v => v.Select(x => (float)x)).ToArray();
        return SaveGiven(path, values, values, k);
    }

    /// <summary>
    /// Saves a Groove checkpoint of one-bar atoms with channel top-k <paramref name="k"/> whose decoder atoms and
    /// encoder weights are the given [N, 27, 16] values (N from their length), nothing trained; returns the path.
    /// </summary>
    public static string SaveGiven(string path, float[] atoms, float[] encoder, int k)
    {
        int size = GrooveGrid.Channels * GrooveGrid.StepsPerWholeNote;
        using var backend = new CpuBackend();
        using var model = new Autoencoder(GrooveConfig(GrooveGrid.Channels, atoms.Length / size, k), backend, seed: 1);
        backend.Upload(atoms, model.Atoms.Value);
        backend.Upload(encoder, model.EncoderWeight.Value);
        SaveGroove(path, model);
        return path;
    }

    private static AutoencoderConfig GrooveConfig(int channels, int atoms, int k) => new()
    {
        InputChannels = channels, Atoms = atoms, FrameLength = GrooveGrid.StepsPerWholeNote,
        Sparsity = SparsityKind.ChannelTopK, TopK = k,
    };

    private static void SaveGroove(string path, Autoencoder model)
        => ModelCheckpoint.Save(path, model, extraMetadata: new Dictionary<string, string>
    {
        [RepresentationSettings.MetadataKey] = new RepresentationSettings(RepresentationKind.Groove).ToJson(),
    });

    /// <summary>
    /// Saves a Groove checkpoint of one-bar atoms [27, 16] with channel top-k, trained for <paramref name="epochs"/>
    /// full-batch Adam steps on <paramref name="bars"/> (0 epochs leaves it at its seeded initialization).
    /// </summary>
    public static void Save(string path, SignalSet bars, int atoms, int k, int epochs, int seed)
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(GrooveConfig(bars.Channels, atoms, k), backend, seed);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(LearningRate: 0.01f));
        var step = new TrainingStep(model, optimizer);
        var shuffle = new Random(seed);
        Tensor? batch = null;
        try
        {
            for (int epoch = 0; epoch < epochs; epoch++)
                foreach (var indices in bars.Batches(0, shuffle)) step.Run(bars.Upload(backend, indices, ref batch));
        }
        finally { batch?.Dispose(); }
        SaveGroove(path, model);
    }
}
