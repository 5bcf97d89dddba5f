using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using TcnWtaNative.Cli.Plots.Atoms;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// `tcnwta demo`: the embedded default job. Generates one-bar drum grids from known patterns, trains the
/// CONV-WTA autoencoder on them (whole set as one batch, one atom per bar, k = 1, atoms seeded from spread-out
/// frames of the data), prints the loss as it falls,
/// and scores how well the learned atoms recover the generating patterns (best-match cosine). Writes the model, the
/// atoms as a PNG grid, and the patterns and their best-matching atoms as MIDI.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var epochs = new Option<int>("--epochs") { Description = "Training epochs", DefaultValueFactory = _ => 400 };
        var atoms = new Option<int>("--atoms") { Description = "Dictionary atoms N", DefaultValueFactory = _ => 12 };
        var samples = new Option<int>("--samples")
        {
            Description = "Synthetic one-bar grids",
            DefaultValueFactory = _ => 1024,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed for data and initialization",
            DefaultValueFactory = _ => 1,
        };
        var output = new Option<string>("--out")
        {
            Description = "Folder for the model, the atoms as PNG and MIDI, and the true patterns as MIDI",
            DefaultValueFactory = _ => "demo-output",
        };
        var device = DeviceOption.Create();
        var overwrite = new OverwriteOption();
        var command = new Command("demo", "Train on synthetic drum patterns and show the atoms recovering them")
        {
            epochs, atoms, samples, seed, output, device, overwrite.Option,
        };
        command.SetGuardedAction(parse =>
        {
            int epochCount = parse.GetValue(epochs), atomCount = parse.GetValue(atoms),
                sampleCount = parse.GetValue(samples), s = parse.GetValue(seed);
            if (epochCount < 1 || atomCount < 1 || sampleCount < 1)
                throw new ArgumentException("--epochs, --atoms and --samples must be positive");
            string folder = parse.GetValue(output)!;
            overwrite.CheckFolder(parse, folder);
            overwrite.CheckFiles(parse, new DemoFiles(folder).All);
            using var backend = DeviceOption.Open(parse, device);
            return Run(backend, epochCount, atomCount, sampleCount, s, parse.GetValue(output)!);
        });
        return command;
    }

    private static int Run(IComputeBackend backend, int epochs, int atomCount, int samples, int seed,
        string outputDirectory)
    {
        var data = SyntheticDrums.Generate(samples, seed);
        var config = new AutoencoderConfig
        {
            InputChannels = SyntheticDrums.Channels, Atoms = atomCount, FrameLength = SyntheticDrums.Steps,
            Sparsity = SparsityKind.ChannelTopK, TopK = 1,
        };
        using var model = new Autoencoder(config, backend, seed);
        FrameSeededAtoms.Apply(model, Enumerable.Range(0, data.Count).Select(i => data[i]).ToList(), seed);
        var atInitialization = Recovery(model);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(LearningRate: 0.01f));
        var step = new TrainingStep(model, optimizer);
        AnsiConsole.MarkupLine(
            $"[bold]demo[/]: {samples} synthetic one-bar drum grids [[27, 16]] from " +
            $"{SyntheticDrums.Patterns.Length} patterns; " +
            $"{atomCount} atoms of one bar seeded from the data, k = 1, Adam lr 0.01, {epochs} " +
            "epochs, whole set as one batch");
        var shuffle = new Random(seed);
        Tensor? batch = null;
        var clock = Stopwatch.StartNew();
        int reportEvery = Math.Max(1, epochs / 10);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            float loss = 0;
            foreach (var indices in data.Batches(0, shuffle)) loss = step.Run(data.Upload(backend, indices, ref batch));
            if (!float.IsFinite(loss))
                throw new InvalidOperationException($"training diverged: the loss is {loss} at epoch {epoch}");
            if (epoch == 1 || epoch % reportEvery == 0) AnsiConsole.MarkupLine($"  epoch {epoch,5}  loss {loss:F5}");
        }
        batch?.Dispose();
        AnsiConsole.MarkupLine($"trained in {clock.Elapsed.TotalSeconds:F1} s");
        var matches = ReportRecovery(model, atInitialization);
        WriteOutputs(model, matches, outputDirectory);
        return 0;
    }

    // each generating pattern's best-matching atom and their cosine
    private static (float Cosine, int Atom)[] Recovery(Autoencoder model)
    {
        var atoms = AtomDictionary.FromModel(model);
        var patterns = SyntheticDrums.Patterns.Select(SyntheticDrums.Template).ToList();
        return DictionaryRecovery.BestMatches(patterns, atoms.Decoded(), atoms.Count);
    }

    // the recovery after training beside the one at initialization: the atoms start from data frames, so much of the
    // match is there before any training, and the honest headline is the difference
    private static (float Cosine, int Atom)[] ReportRecovery(Autoencoder model,
        (float Cosine, int Atom)[] atInitialization)
    {
        var matches = Recovery(model);
        var table = new Table().AddColumns("pattern", "best atom", "cosine at init", "cosine trained");
        for (int i = 0; i < matches.Length; i++)
            table.AddRow(SyntheticDrums.Patterns[i].Name, matches[i].Atom.ToString(),
                $"{atInitialization[i].Cosine:F3}", $"{matches[i].Cosine:F3}");
        AnsiConsole.Write(table);
        double initial = atInitialization.Average(m => m.Cosine);
        AnsiConsole.MarkupLine($"mean best-match cosine at initialization, before training: [bold]{initial:F3}[/]");
        AnsiConsole.MarkupLine(
            $"mean best-match cosine between the generating patterns and the learned atoms: "
            + $"[bold]{matches.Average(m => m.Cosine):F3}[/]");
        return matches;
    }

    // The model (ready for reconstruct, atoms, drums, ...), every atom as a PNG grid titled with the pattern it
    // matches (the others set apart), and two MIDI files to listen to side by side: the true patterns and their
    // best-matching atoms, one bar each; written in one step, so a failure leaves none of them half-replaced.
    private static void WriteOutputs(Autoencoder model, (float Cosine, int Atom)[] matches, string directory)
    {
        var atoms = AtomDictionary.FromModel(model);
        var files = new DemoFiles(directory);
        var named = matches.Select((m, p) => (SyntheticDrums.Patterns[p].Name, m.Cosine, m.Atom)).ToList();
        var matchedBars = matches.Select(
            m => atoms.Scaled(m.Atom, atoms.UnitPeakScale(m.Atom, RepresentationKind.Groove))).ToList();
        var patternBars = SyntheticDrums.Patterns.Select(SyntheticDrums.Template).ToList();
        AtomicFile.WriteAll([
            (files.Model, ModelCheckpoint.Contents(model, extraMetadata: new Dictionary<string, string>
            {
                [RepresentationSettings.MetadataKey] = new RepresentationSettings(RepresentationKind.Groove).ToJson(),
            })),
            AtomicFile.Bytes(files.Png, DrumAtomGridPlot.Png(AtomCaptions.ByMatch(named, atoms.Count),
                n => atoms.Scaled(n, atoms.UnitPeakScale(n, RepresentationKind.Groove)), atoms.Length)),
            Bars(matchedBars, "learned atoms", files.AtomsMidi),
            Bars(patternBars, "generating patterns", files.PatternsMidi),
        ]);
        AnsiConsole.MarkupLine(
            $"wrote {files.Model} ({new FileInfo(files.Model).Length / 1024.0:F0} KB), {files.Png}, "
            + $"{files.AtomsMidi} and {files.PatternsMidi}");
    }

    // one-bar grids, each [27, 16] -> one MIDI file, bar after bar at 120 bpm
    private static (string Path, Action<Stream> WriteContents) Bars(IReadOnlyList<float[]> bars, string name,
        string path)
        => MidiOutput.Entry(
            GrooveDecoder.ToSong(SignalRows.Concatenate(bars, SyntheticDrums.Channels, SyntheticDrums.Steps),
            bars.Count * SyntheticDrums.Steps, name: name), path);
}
