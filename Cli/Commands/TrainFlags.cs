using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using TcnWtaNative.Training.Configuration;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// The flags of `tcnwta train` that set a training option: each is named after its options key (--learning-rate
/// sets learning_rate), and only the flags a user actually gave become the top layer of the resolved options.
/// </summary>
public sealed class TrainFlags
{
    private readonly List<(Option Option, string Key, Func<ParseResult, JsonNode?> Value)> _flags = [];

    /// <summary>Every option flag, to add to the command.</summary>
    public IEnumerable<Option> Options => _flags.Select(flag => flag.Option);

    public TrainFlags()
    {
        Add<string>("--data", "The dataset folder (Groove: holds info.csv; MAESTRO: holds maestro-v3.0.0.csv)");
        Add<string>("--split", "The split to train on (train, validation, test)");
        Add<string>("--validation-split", "The split whose loss is reported each epoch, or 'none'");
        Add<string>("--meter",
            "Groove: only this meter as info.csv writes it (4-4; 4/4 is read so), or 'all' (each file's "
            + "sections at its own bar length)");
        Add<string>("--style", "Groove: only this style (funk, or funk/groove1)");
        Add<string>("--drummer", "Groove: only this drummer (drummer1 .. drummer10)");
        Add<string>("--beat-type", "Groove: only beats or fills (beat, fill)");
        Add<int>("--bars", "Groove: bars per section");
        Add<int>("--hop-bars", "Groove: bars between section starts");
        Add<string>("--composer", "MAESTRO: only composers whose name contains this (Chopin)");
        Add<int>("--max-files",
            "At most this many files (pieces) of each split, in index order: small subsets for quick runs");
        Add<string>("--encoding",
            "MAESTRO: events (388-event one-hot), pianoroll (onsets and sounding velocity) or onset-roll "
            + "(onsets, velocities, offsets)", "events", "pianoroll", "onset-roll");
        Add<double>("--frames-per-second", "MAESTRO pianoroll and onset-roll: frame rate");
        Add<int>("--window-frames",
            "MAESTRO pianoroll and onset-roll: train on windows of this many frames (a multiple of "
            + "--frame-length); 0 for whole pieces");
        Add<int>("--samples", "Synthetic: training grids");
        Add<int>("--validation-samples", "Synthetic: held-out validation grids (0 for none)");
        Add<int>("--atoms", "N: dictionary atoms");
        Add<int>("--frame-length", "K: atom length in steps (16 = one 4/4 bar of 16ths, 4 = one beat)");
        Add<int>("--tcn-kernel", "Kernel size of the TCN's causal convolutions");
        Add<string>("--sparsity", "Winner-take-all: channel-top-k, spatial or lifetime", "channel-top-k", "spatial",
            "lifetime");
        Add<float>("--lifetime-rate", "Lifetime sparsity: the fraction of winners each atom keeps");
        Add<string>("--loss",
            "The loss: mse, l1, or hits (drum grids: cross-entropy on the hit channels, velocity and offset "
            + "errors only where a hit is)", "mse", "l1", "hits");
        Add<bool>("--unit-norm-atoms", "Rescale every atom to unit L2 norm after each step");
        Add<bool>("--tie-encoder",
            "After each step, unit-norm atoms and encoder filters equal to them: the encoder becomes matching "
            + "pursuit (no TCN; mse or l1)");
        Add<string>("--init-atoms",
            "How the atoms start: random, frames (spread-out frames of the training data), kmeans "
            + "(k-means centroids of the training frames), kmeans-gain (those refit for the "
            + "Groove gain search), kmeans-union (refit for the Groove union code) or onset-patterns (piano onset "
            + "roll: a per-key basis and the chords the training frames repeat most); all but random need no TCN",
            "random", "frames", "kmeans", "kmeans-gain", "kmeans-union", "onset-patterns");
        Add<double>("--pattern-offsets",
            "With --init-atoms onset-patterns: the share of the counted patterns that hold note ends (offsets) rather "
            + "than onsets alone (default 0)");
        Add<string>("--encoder",
            "The sparse coder the applications use with the model by default, recorded in the model file: wta (its "
            + "own encoder), omp, gain or union (these two: drum grids, mse or l1)", "wta", "omp", "gain", "union");
        Add<double>("--offset-weight",
            "MAESTRO onset-roll: the weight of note ends (offset rows) in OMP's squared error when the applications "
            + "and evaluate code over the model, recorded in the model file (default 1); below 1 onsets come first");
        Add<double>("--input-noise",
            "Denoising training (drum grids): add this many random extra hits per hit to each training grid, fresh "
            + "every epoch, and learn to reconstruct the clean grid; the validation loss uses one fixed draw");
        Add<double>("--input-drop",
            "Denoising training of missed notes (drum grids): take this share of the hits away from each training "
            + "grid, fresh every epoch (with or without --input-noise), and learn to reconstruct the clean grid");
        Add<bool>("--input-quantize",
            "Humanizing training (drum grids): play every hit of each training grid at velocity 100 on the grid "
            + "(after any --input-noise and --input-drop) and learn to reconstruct the grid as played");
        AddWithKey<int>("--revive-atoms", "revive_atoms_after",
            "Re-seed an atom unused for this many consecutive epochs from one of the epoch's "
            + "worst-reconstructed training frames");
        Add<int>("--k-start", "The k of channel top-k at the first epoch");
        Add<int>("--k-end", "The k at the last epoch of the decay");
        Add<int>("--k-epochs", "Epochs over which k decays (default: all)");
        Add<string>("--k-schedule", "How k decays: linear or step", "linear", "step");
        Add<string>("--optimizer", "The optimizer: adam or adamw", "adam", "adamw");
        Add<float>("--learning-rate", "The base learning rate");
        Add<float>("--weight-decay", "Weight decay (decoupled for adamw, L2 for adam)");
        Add<float>("--beta1", "Adam's beta1");
        Add<float>("--beta2", "Adam's beta2");
        Add<float>("--epsilon", "Adam's epsilon");
        Add<double>("--clip-norm", "Clip gradients to this global L2 norm");
        Add<string>("--lr-schedule", "Learning-rate schedule: constant, cosine or step", "constant", "cosine", "step");
        Add<float>("--lr-min", "Cosine: the learning rate at the end of its fall");
        Add<int>("--lr-epochs", "Cosine: epochs over which the learning rate falls to --lr-min, reached after the "
            + "last of them, as PyTorch's CosineAnnealingLR with T_max = this (default: all)");
        Add<int>("--lr-step-epochs", "Step: epochs between multiplications by --lr-gamma");
        Add<float>("--lr-gamma", "Step: the factor");
        Add<int>("--epochs",
            "Epochs to train (0: the atoms as --init-atoms kmeans, kmeans-gain, kmeans-union or onset-patterns fit "
            + "them, no gradient training); with --resume the new total, while the k and learning-rate schedules keep "
            + "their saved length (epochs past it run at --k-end and the schedule's last rate)");
        Add<int>("--batch-size", "Items per batch; 0 for the whole dataset as one batch");
        Add<int>("--seed", "Seeds the initialization, the synthetic data and the shuffles");
        Add<int>("--checkpoint-every",
            "Save model.safetensors every this many epochs (and at the end and on Ctrl-C or SIGTERM)");
        Add<double>("--max-epoch-seconds",
            "End each epoch's training after this many seconds (for short runs; not reproducible)");
        var widths = new Option<string>("--tcn-widths")
        {
            Description = "TCN block widths, comma-separated (64,64), or 'none'",
        };
        _flags.Add((widths, "tcn_widths", parse => ParseWidths(parse.GetValue(widths)!)));
    }

    /// <summary>
    /// The flag that sets an options key: --learning-rate for learning_rate, --revive-atoms for revive_atoms_after
    /// (--dataset, which the command itself defines, for dataset).
    /// </summary>
    public string NameOf(string key)
        => _flags.FirstOrDefault(flag => flag.Key == key).Option?.Name ?? "--" + key.Replace('_', '-');

    /// <summary>The options keys of the flags that were given, with their values.</summary>
    public JsonObject Given(ParseResult parse)
    {
        var given = new JsonObject();
        foreach (var (option, key, value) in _flags)
            if (parse.GetResult(option) is { Implicit: false }) given[key] = value(parse);
        return given;
    }

    private void Add<T>(string name, string description, params string[] choices)
        => AddWithKey<T>(name, name[2..].Replace('-', '_'), description, choices);

    // a flag whose options key need not be its name
    private void AddWithKey<T>(string name, string key, string description, params string[] choices)
    {
        var option = new Option<T>(name) { Description = description };
        if (choices.Length > 0)
            (option as Option<string> ?? throw new ArgumentException($"{name}: choices need a text option"))
                .AcceptOnlyChoices(choices);
        _flags.Add(
            (option, key, parse => JsonSerializer.SerializeToNode(parse.GetValue(option), TrainingOptions.Json)));
    }

    private static JsonNode ParseWidths(string text)
    {
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return new JsonArray();
        var widths = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => int.TryParse(part, out int width) ? width
                : throw new ArgumentException(
                    $"--tcn-widths takes comma-separated whole numbers or 'none', got '{text}'"));
        return new JsonArray([.. widths.Select(width => (JsonNode?)width)]);
    }
}
