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
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Tests.Applications.Support;

/// <summary>
/// Small trained Groove checkpoints for the application tests, trained once per test run and saved with their
/// representation in the metadata, as the trainer saves them: one on synthetic one-bar drum patterns (its atoms
/// learn the patterns), one on one-bar sections of real Groove training files (skipped when the data is absent).
/// </summary>
internal static class TestModels
{
    private static readonly string Folder = TestData.TempDir();
    private static readonly Lazy<string> SyntheticModel = new(() => Train("synthetic.safetensors", SyntheticDrums.Generate(512, seed: 3), atoms: 12, k: 1, epochs: 300));
    private static readonly Lazy<string> GrooveModel = new(() => Train("groove.safetensors", GrooveBars(TrainingFiles()), atoms: 32, k: 3, epochs: 200));

    /// <summary>A model of 12 one-bar atoms, k = 1, trained on <see cref="SyntheticDrums"/>.</summary>
    public static string Synthetic => SyntheticModel.Value;

    /// <summary>A model of 32 one-bar atoms, k = 3, trained on one-bar 4/4 sections of 80 Groove training files.</summary>
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

    /// <summary>A synthetic pattern written as a drum MIDI file of <paramref name="bars"/> repeated bars at 120 bpm.</summary>
    public static string SyntheticFile(string folder, int pattern, int bars = 4)
    {
        var bar = SyntheticDrums.Template(SyntheticDrums.Patterns[pattern]);
        int steps = SyntheticDrums.Steps * bars;
        var grid = new float[SyntheticDrums.Channels * steps];
        for (int c = 0; c < SyntheticDrums.Channels; c++)
            for (int b = 0; b < bars; b++) Array.Copy(bar, c * SyntheticDrums.Steps, grid, c * steps + b * SyntheticDrums.Steps, SyntheticDrums.Steps);
        string path = Path.Combine(folder, $"{SyntheticDrums.Patterns[pattern].Name}.mid");
        MidiWriter.Write(GrooveDecoder.ToSong(grid, steps), path);
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
        return [.. Enumerable.Range(0, Math.Min(count, entries.Count)).Select(i => index.PathOf(entries[i * entries.Count / Math.Min(count, entries.Count)]))];
    }

    private static SignalSet GrooveBars(string[] files)
    {
        var set = new SignalSet(GrooveGrid.Channels, 16);
        foreach (string file in files)
            foreach (var section in GrooveSections.Cut(GrooveEncoder.Encode(MidiReader.Read(file)))) set.Add(section.Grid);
        return set;
    }

    private static string Train(string name, SignalSet data, int atoms, int k, int epochs)
    {
        using var backend = new CpuBackend();
        var config = new AutoencoderConfig { InputChannels = data.Channels, Atoms = atoms, FrameLength = 16, Sparsity = SparsityKind.ChannelTopK, TopK = k };
        using var model = new Autoencoder(config, backend, seed: 7);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(LearningRate: 0.01f));
        var step = new TrainingStep(model, optimizer);
        var shuffle = new Random(7);
        Tensor? batch = null;
        for (int epoch = 0; epoch < epochs; epoch++)
            foreach (var indices in data.Batches(0, shuffle)) step.Run(data.Upload(backend, indices, ref batch));
        batch?.Dispose();
        string path = Path.Combine(Folder, name);
        ModelCheckpoint.Save(path, model, extraMetadata: new Dictionary<string, string>
        {
            [RepresentationSettings.MetadataKey] = new RepresentationSettings(RepresentationKind.Groove).ToJson(),
        });
        return path;
    }
}
