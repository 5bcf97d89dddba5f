using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// `tcnwta demo`: the embedded default job. Generates one-bar drum grids from known patterns, trains the
/// CONV-WTA autoencoder on them (whole set as one batch, one atom per bar, k = 1, atoms seeded from spread-out
/// frames of the data), prints the loss as it falls,
/// and scores how well the learned atoms recover the generating patterns (best-match cosine).
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var epochs = new Option<int>("--epochs") { Description = "training epochs", DefaultValueFactory = _ => 400 };
        var atoms = new Option<int>("--atoms") { Description = "dictionary atoms N", DefaultValueFactory = _ => 12 };
        var samples = new Option<int>("--samples") { Description = "synthetic one-bar grids", DefaultValueFactory = _ => 1024 };
        var seed = new Option<int>("--seed") { Description = "seed for data and initialization", DefaultValueFactory = _ => 1 };
        var device = DeviceOption.Create();
        var command = new Command("demo", "train on synthetic drum patterns and show the atoms recovering them") { epochs, atoms, samples, seed, device };
        command.SetGuardedAction(parse =>
        {
            int epochCount = parse.GetValue(epochs), atomCount = parse.GetValue(atoms), sampleCount = parse.GetValue(samples), s = parse.GetValue(seed);
            if (epochCount < 1 || atomCount < 1 || sampleCount < 1) throw new ArgumentException("--epochs, --atoms and --samples must be positive");
            using var backend = DeviceOption.Open(parse, device);
            return Run(backend, epochCount, atomCount, sampleCount, s);
        });
        return command;
    }

    private static int Run(IComputeBackend backend, int epochs, int atomCount, int samples, int seed)
    {
        var data = SyntheticDrums.Generate(samples, seed);
        var config = new AutoencoderConfig
        {
            InputChannels = SyntheticDrums.Channels, Atoms = atomCount, FrameLength = SyntheticDrums.Steps,
            Sparsity = SparsityKind.ChannelTopK, TopK = 1,
        };
        using var model = new Autoencoder(config, backend, seed);
        FrameSeededAtoms.Apply(model, Enumerable.Range(0, data.Count).Select(i => data[i]).ToList(), seed);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(LearningRate: 0.01f));
        var step = new TrainingStep(model, optimizer);
        AnsiConsole.MarkupLine($"[bold]demo[/]: {samples} synthetic one-bar drum grids [[27, 16]] from {SyntheticDrums.Patterns.Length} patterns; " +
            $"{atomCount} atoms of one bar seeded from the data, k = 1, Adam lr 0.01, {epochs} epochs, whole set as one batch");
        var shuffle = new Random(seed);
        Tensor? batch = null;
        var clock = Stopwatch.StartNew();
        int reportEvery = Math.Max(1, epochs / 10);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            float loss = 0;
            foreach (var indices in data.Batches(0, shuffle)) loss = step.Run(data.Upload(backend, indices, ref batch));
            if (!float.IsFinite(loss)) throw new InvalidOperationException($"training diverged: the loss is {loss} at epoch {epoch}");
            if (epoch == 1 || epoch % reportEvery == 0) AnsiConsole.MarkupLine($"  epoch {epoch,5}  loss {loss:F5}");
        }
        batch?.Dispose();
        AnsiConsole.MarkupLine($"trained in {clock.Elapsed.TotalSeconds:F1} s");
        ReportRecovery(backend, model);
        return 0;
    }

    private static void ReportRecovery(IComputeBackend backend, Autoencoder model)
    {
        var atoms = new float[model.Atoms.Count];
        backend.Download(model.Atoms.Value, atoms);
        var matches = DictionaryRecovery.BestMatches(SyntheticDrums.Patterns.Select(SyntheticDrums.Template).ToList(), atoms, model.Config.Atoms);
        var table = new Table().AddColumns("pattern", "best atom", "cosine");
        for (int i = 0; i < matches.Length; i++)
            table.AddRow(SyntheticDrums.Patterns[i].Name, matches[i].Atom.ToString(), $"{matches[i].Cosine:F3}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"mean best-match cosine between the generating patterns and the learned atoms: [bold]{matches.Average(m => m.Cosine):F3}[/]");
    }
}
