using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// What "styles" and "classify" both take (a model, a dataset folder, a label, the held-out split and limits) and
/// both do first: choose the pieces (training, tuning and held-out), then encode each to its pooled code statistics
/// and baseline features, saying on stderr which labels were dropped, which files were skipped, and how long encoding
/// took.
/// </summary>
internal sealed class ClassifyInputs
{
    public Option<string> Model { get;
        } = new("--model") { Description = "The trained checkpoint (.safetensors), or the run folder that holds one",
        Required = true };
    public Option<string> Data { get;
        } = new("--data") { Description = "The dataset folder (holding info.csv, or maestro-v3.0.0.csv)",
        Required = true };
    public Option<string> Label { get; } = new("--label") { Required = true };
    public Option<string> Split { get;
        } = new(
            "--split") { Description = "The held-out split scored against training centroids or "
                + "probes: test or validation", DefaultValueFactory = _ => "test" };
    public Option<int> PerLabel { get;
        } = new(
            "--per-label") { Description = "At most this many pieces of each label from each split, drawn by "
                + "a seeded shuffle (0: all)", DefaultValueFactory = _ => 0 };
    public Option<int> MinTrain { get;
        } = new("--min-train") { Description = "Drop labels with fewer training pieces than this",
        DefaultValueFactory = _ => 3 };
    public Option<int> MinHeldOut { get; } = new("--min-held-out")
    {
        Description = "Drop labels with fewer held-out (--split) pieces than this", DefaultValueFactory = _ => 5,
    };
    public Option<int> MaxSteps { get;
        } = new(
            "--max-steps") { Description = "Encode only the first this many steps of each piece (0: whole pieces; long "
                + "MAESTRO pieces are slow on a CPU)", DefaultValueFactory = _ => 0 };
    public Option<string> Device { get; } = DeviceOption.Create();
    public Option<string> Encoder { get; } = ApplicationOptions.CreateEncoderOption();
    public Option<double?> OffsetWeight { get; } = ApplicationOptions.CreateOffsetWeightOption();

    public ClassifyInputs(string labelDescription, IEnumerable<string> labels)
    {
        Label.Description = labelDescription;
        Label.AcceptOnlyChoices([.. labels]);
        Split.AcceptOnlyChoices("test", "validation");
    }

    /// <summary>
    /// A console on the current standard output, so a caller that redirects it (a test, a file) sees the tables; 120
    /// columns wide when redirected (not the 80 Spectre assumes), so a probe table's rows stay on one line each.
    /// </summary>
    public static IAnsiConsole Terminal()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (!console.Profile.Out.IsTerminal) console.Profile.Width = Math.Max(console.Profile.Width, 120);
        return console;
    }

    public IEnumerable<Option> All
        => [Model, Data, Label, Split, PerLabel, MinTrain, MinHeldOut, MaxSteps, Device, Encoder, OffsetWeight];

    /// <summary>
    /// The features of the chosen training and held-out pieces of <paramref name="dataset"/>, and of the tuning pieces
    /// when <paramref name="withTuning"/> (a probe's λ is chosen on them; nearest centroids need none). A null
    /// <paramref name="dataset"/> is the model's: groove for a drum model, maestro for a piano one. A
    /// <paramref name="grouping"/> other than none (<see cref="PieceGrouping"/>, the dataset's own) drops labels whose
    /// pooled pieces share one group. Given <paramref name="segmentBars"/>, each piece is also cut into segments of
    /// each of those many bars, 0 keeping it whole (<see cref="PieceSegments"/>, <see cref="PieceFeatures.Cuts"/>;
    /// drum models only). Pieces are coded by --encoder, OMP weighing the onset roll's note ends by --offset-weight
    /// when given (else the model file's weight), both checked before any piece is read, as are the
    /// <paramref name="features"/> asked for (<see cref="FeatureSet.CheckModel"/>).
    /// </summary>
    public Study Load(ParseResult parse, string? dataset, IComputeBackend backend, bool withTuning,
        IReadOnlyList<FeatureSet> features, string grouping = PieceGrouping.None, IReadOnlyList<int>? segmentBars = null)
    {
        string dir = parse.GetValue(Data)!, label = parse.GetValue(Label)!, split = parse.GetValue(Split)!;
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no such folder");
        using var model = TrainedModel.Load(parse.GetValue(Model)!, backend);
        bool drums = model.Representation.Settings.Kind == RepresentationKind.Groove;
        string modelDataset = drums ? PieceLabels.Groove : PieceLabels.Maestro;
        if (PieceLabels.DatasetOf(label) != modelDataset)
            throw new ArgumentException(
                $"--label {label} is a {PieceLabels.DatasetOf(label)} label; this {model.Representation.Settings.Kind} "
                + $"model codes the {modelDataset} dataset, labelled by "
                + string.Join(", ", drums ? PieceLabels.GrooveLabels : PieceLabels.MaestroLabels));
        dataset ??= modelDataset;
        if (drums != (dataset == PieceLabels.Groove))
            throw new ArgumentException(
                $"{model.Path}: this {model.Representation.Settings.Kind} model cannot encode the {dataset} dataset");
        PieceGrouping.Check(grouping, dataset);
        foreach (var set in features) set.CheckModel(model.Representation.Settings.Kind);
        segmentBars ??= [];
        if (segmentBars.Count > 0 && !drums)
            throw new ArgumentException(
                $"--unit segment cuts a drum grid into bars; {model.Path} is a "
                + $"{model.Representation.Settings.Kind} model");
        var encoder = ApplicationOptions.EncoderFor(parse, Encoder, model);
        ApplicationOptions.ApplyOffsetWeight(parse, OffsetWeight, model, encoder);
        IReadOnlyList<int> segmentColumns = [.. segmentBars.Select(bars => bars > 0
            ? PieceSegments.ColumnsFor(bars, model.Model.Config.FrameLength) : 0)];
        var selection = PieceSelection.Choose(PieceLabels.Load(dataset, dir, label), split, parse.GetValue(MinTrain),
            parse.GetValue(PerLabel), minHeldOutPerLabel: parse.GetValue(MinHeldOut), grouping: grouping);
        foreach (string message in selection.Dropped) Console.Error.WriteLine($"label {message}");
        int maxSteps = parse.GetValue(MaxSteps);
        if (maxSteps < 0)
            throw new ArgumentException($"--max-steps must be 0 (whole pieces) or positive, got {maxSteps}");
        var train = Extract(model, selection.Train, maxSteps, "train", encoder, segmentColumns);
        var tuning = !withTuning || selection.Tuning.Count == 0 ? []
            : Extract(model, selection.Tuning, maxSteps, PieceSelection.TuningSplit, encoder, segmentColumns).Rows;
        var heldOut = Extract(model, selection.HeldOut, maxSteps, split, encoder, segmentColumns);
        var kind = model.Representation.Settings.Kind;
        return new Study(dataset, label, split, kind, FeatureSet.Baselines(kind), model.Model.Config.Atoms,
            ApplicationOptions.Coding(model, encoder), train.Rows, tuning, heldOut.Rows, segmentBars, segmentColumns);
    }

    private static PieceFeatures.Table Extract(TrainedModel model, IReadOnlyList<LabeledPiece> pieces, int maxSteps,
        string split, CodeEncoder encoder, IReadOnlyList<int> segmentColumns)
    {
        var table = PieceFeatures.Extract(model, pieces, maxSteps, encoder: encoder, segmentColumns: segmentColumns);
        foreach (string skipped in table.Skipped) Console.Error.WriteLine($"skipped {PrintableText.Of(skipped)}");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"encoded {table.Rows.Count} {split} pieces ({table.Steps} steps) in {table.Elapsed.TotalSeconds:0.0} s, "
            + $"{table.Elapsed.TotalSeconds / Math.Max(1, table.Rows.Count):0.000} s a piece"));
        if (table.Rows.Count == 0)
            throw new InvalidDataException($"none of the {pieces.Count} {split} pieces could be read");
        return table;
    }

    /// <summary>
    /// The loaded study: which data, the model's representation, its baseline feature sets, how its atoms coded the
    /// pieces ("k = 4 (omp, note ends weigh 0.25)"), each piece's features, and the candidate segment lengths in bars
    /// and code columns (none for whole pieces; 0 for a whole-piece candidate).
    /// </summary>
    public sealed record Study(string Dataset, string Label, string Split, RepresentationKind Kind,
        IReadOnlyList<FeatureSet> Baselines,
        int Atoms, string Coding, IReadOnlyList<PieceFeatures> Train, IReadOnlyList<PieceFeatures> Tuning,
        IReadOnlyList<PieceFeatures> HeldOut, IReadOnlyList<int> SegmentBars, IReadOnlyList<int> SegmentColumns);
}
