using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// A checkpoint opened on the chosen device, and the code encoder chosen for it; disposing frees both.
/// </summary>
public sealed class OpenedModel(IComputeBackend backend, TrainedModel trained, CodeEncoder encoder) : IDisposable
{
    public TrainedModel Trained { get; } = trained;

    /// <summary>How pieces are coded: --encoder, WTA where the command has no such option.</summary>
    public CodeEncoder Encoder { get; } = encoder;

    /// <summary>A piece's sparse code at the model's k, by <see cref="Encoder"/>.</summary>
    public SparseCode Encode(EncodedPiece piece) => Trained.Encode(piece, Encoder);

    /// <summary>
    /// The tally of a piece's code at the model's k by <see cref="Encoder"/>, its non-zero entries kept when
    /// <paramref name="keepEntries"/>, coded window by window (<see cref="WindowedCoding"/>).
    /// </summary>
    public CodeTally Tally(ISignalWindows piece, bool keepEntries = false)
        => WindowedCoding.Tally(piece, WindowPlan.For(Trained.Model.Config), Encode, Trained.Model.Config.Atoms,
            keepEntries);

    /// <summary>
    /// "k = 3 (wta)", "k = 4 (omp, note ends weigh 0.25)": the code budget and how it is filled, for summaries.
    /// </summary>
    public string Coding => ApplicationOptions.Coding(Trained, Encoder);

    /// <summary>
    /// Reads and encodes a MIDI file for this model (<see cref="PieceReader"/>), warning on stderr about what the model
    /// was not trained on (another meter, notes the representation drops).
    /// </summary>
    public EncodedPiece Read(string path) => PieceReader.Read(Trained, path, ApplicationOptions.Warn);

    /// <summary>
    /// Reads a MIDI file for this model as windows of its signal, for the windowed commands
    /// (<see cref="PieceReader.Windows"/>).
    /// </summary>
    public ISignalWindows Windows(string path) => PieceReader.Windows(Trained, path, ApplicationOptions.Warn);

    /// <summary>
    /// Reads a MIDI file as windows like <see cref="Windows"/> when it is in <paramref name="meter"/> throughout, else
    /// null (<see cref="PieceReader.WindowsIn"/>).
    /// </summary>
    public ISignalWindows? WindowsIn(string path, TimeSignature meter)
        => PieceReader.WindowsIn(Trained, path, meter, ApplicationOptions.Warn);

    /// <summary>A decoded song as MIDI, named after the file <paramref name="path"/> it goes to.</summary>
    public static MidiSong Song(ISignalAssembler song, string path)
        => song.Song(Path.GetFileNameWithoutExtension(path));

    /// <summary>
    /// Signal [C, piece.Length] as MIDI at the piece's tempo and meter (a drum piece's tempo changes and meters), named
    /// after the file <paramref name="path"/> it goes to.
    /// </summary>
    public MidiSong Song(float[] signal, EncodedPiece piece, string path)
        => Trained.Representation.ToSong(signal, piece.Length, piece.Bpm, piece.Meter,
            Path.GetFileNameWithoutExtension(path), piece.Timing);

    public void Dispose()
    {
        Trained.Dispose();
        backend.Dispose();
    }
}

/// <summary>
/// The options the application commands share (--model, --device, --k, --encoder, --offset-weight) and their small
/// helpers.
/// </summary>
public sealed class ApplicationOptions
{
    private bool _withEncoder;

    public Option<string> Model { get;
        } = new("--model") { Description = "A trained checkpoint (.safetensors), or the run folder that holds one",
        Required = true };
    public Option<string> Device { get; } = DeviceOption.Create();
    public Option<int?> K { get; } = new("--k") { Description = "Winners per code column (default: the model's k)" };
    public Option<string> Encoder { get; } = CreateEncoderOption();
    public Option<double?> OffsetWeight { get; } = CreateOffsetWeightOption();

    /// <summary>--input, the one MIDI file a single-piece command reads (reconstruct, denoise, simplify, humanize).
    /// </summary>
    public static Option<string> CreateInputOption(string description = SameKindOfMidi)
        => new("--input") { Description = description, Required = true };

    private const string SameKindOfMidi = "A MIDI file of the kind the model was trained on";

    /// <summary>--encoder wta|omp|gain|union; without it, the model file's own (<see cref="ModelEncoder"/>).</summary>
    public static Option<string> CreateEncoderOption()
    {
        var option = new Option<string>("--encoder")
        {
            Description = "How pieces are coded: wta (the trained encoder and its winner-take-all), omp (orthogonal "
                + "matching pursuit over the decoder's atoms), gain (Groove: one atom and gain per frame, the fewest "
                + "wrong hits; k = 1) or union (Groove: two atoms with gains per frame, decoded as the union of their "
                + "lit hits; k = 2) (default: the model file's encoder, else wta)",
        };
        option.AcceptOnlyChoices([.. Enum.GetValues<CodeEncoder>().Select(Name)]);
        return option;
    }

    /// <summary>--offset-weight W: how much the onset roll's note ends weigh in OMP's squared error.</summary>
    public static Option<double?> CreateOffsetWeightOption() => new("--offset-weight")
    {
        Description = "Onset roll, --encoder omp: weigh note ends (offset rows) by this in OMP's squared error; below "
            + "1 onsets come first (default: the model file's, 1 unless trained with --offset-weight)",
    };

    /// <summary>
    /// The encoder --encoder names, or the model's own (<see cref="TrainedModel.DefaultEncoder"/>) when not given.
    /// </summary>
    public static CodeEncoder EncoderFor(ParseResult parse, Option<string> option, TrainedModel trained)
        => parse.GetValue(option) is string name ? ParseEncoder(name) : trained.DefaultEncoder;

    /// <summary>
    /// Adds --model and --device (and --k when <paramref name="withK"/>, --encoder and --offset-weight when
    /// <paramref name="withEncoder"/>) to a command.
    /// </summary>
    public void AddTo(Command command, bool withK = true, bool withEncoder = false)
    {
        command.Add(Model);
        command.Add(Device);
        if (withK) command.Add(K);
        if (withEncoder)
        {
            K.Description = "Non-zeros per code column: the winners (wta) or the pursued atoms (omp); 1 for gain, "
                + "2 for union (default: the model's k)";
            command.Add(Encoder);
            command.Add(OffsetWeight);
        }
        _withEncoder = withEncoder;
    }

    /// <summary>
    /// The files --model may read, for the output check: the path given and, if it is a run folder, its model file.
    /// </summary>
    public IEnumerable<string> ModelInputs(ParseResult parse)
    {
        string given = parse.GetValue(Model)!;
        return [given, new RunFolder(given).Model];
    }

    /// <summary>An encoder's name on the command line: "wta", "omp", "gain", "union".</summary>
    public static string Name(CodeEncoder encoder) => ModelEncoder.Name(encoder);

    /// <summary>The encoder an --encoder value names (the option accepts only those names).</summary>
    public static CodeEncoder ParseEncoder(string name) => Enum.Parse<CodeEncoder>(name, ignoreCase: true);

    /// <summary>Opens the device and the checkpoint; sets the model's k from --k when given, to 1 for --encoder
    /// gain and 2 for --encoder union (the checkpoint's encoder when --encoder is not given), and OMP's note-end weight
    /// from --offset-weight when given.</summary>
    public OpenedModel Open(ParseResult parse)
    {
        string path = TrainedModel.FileOf(parse.GetValue(Model)!);
        var backend = DeviceOption.Open(parse, Device);
        try
        {
            var trained = TrainedModel.Load(path, backend);
            var encoder = _withEncoder ? EncoderFor(parse, Encoder, trained) : CodeEncoder.Wta;
            var opened = new OpenedModel(backend, trained, encoder);
            if (_withEncoder) ApplyOffsetWeight(parse, OffsetWeight, trained, encoder);
            if (encoder is CodeEncoder.Gain or CodeEncoder.Union)
            {
                PieceFrameCoder.CheckRepresentation(trained.Representation.Settings.Kind, encoder);
                trained.Model.TopK = CheckFixedK(encoder, trained.NonzerosPerColumn(encoder), parse.GetValue(K));
            }
            else if (parse.GetValue(K) is int k) trained.Model.TopK = CheckK(k, trained);
            return opened;
        }
        catch
        {
            backend.Dispose();
            throw;
        }
    }

    /// <summary>
    /// "k = 3 (wta)", "k = 4 (omp, note ends weigh 0.25)": how <paramref name="encoder"/> codes with
    /// <paramref name="trained"/> at its k, for summaries.
    /// </summary>
    public static string Coding(TrainedModel trained, CodeEncoder encoder)
        => $"k = {trained.Model.TopK} ({Name(encoder)}"
            + (encoder == CodeEncoder.Omp && ModelOffsetWeight.Describe(trained.OffsetWeight) is { } weighing
                ? $", {weighing})" : ")");

    /// <summary>
    /// Sets OMP's note-end weight on <paramref name="trained"/> from <paramref name="option"/> when given: a clear
    /// error when <paramref name="encoder"/> does not pursue or the weight cannot weigh this model's pursuit.
    /// </summary>
    public static void ApplyOffsetWeight(ParseResult parse, Option<double?> option, TrainedModel trained,
        CodeEncoder encoder)
    {
        if (parse.GetValue(option) is not double weight) return;
        if (encoder != CodeEncoder.Omp)
            throw new ArgumentException(
                $"--offset-weight weighs OMP's squared error; --encoder {Name(encoder)} does not pursue");
        trained.OffsetWeight = CheckOffsetWeight(weight, trained);
    }

    /// <summary>
    /// The --offset-weight itself when it can weigh the pursuit over this model (<see cref="ModelOffsetWeight"/>), else
    /// a clear error.
    /// </summary>
    public static double CheckOffsetWeight(double weight, TrainedModel trained)
        => ModelOffsetWeight.Problem(weight, trained.Representation.Settings.Kind) is { } problem
            ? throw new ArgumentException($"--offset-weight: {problem}") : weight;

    /// <summary>k itself when it lies in [1, N] for this model, else a clear error.</summary>
    public static int CheckK(int k, TrainedModel trained)
    {
        int atoms = trained.Model.Config.Atoms;
        return k >= 1 && k <= atoms ? k
            : throw new ArgumentException($"--k must lie in [1, {atoms}] for a model of {atoms} atoms, got {k}");
    }

    // the gain search spends one atom per frame, the union code two: k = 1 or 2, given or not
    private static int CheckFixedK(CodeEncoder encoder, int fixedK, int? k)
        => k is null || k == fixedK ? fixedK
            : throw new ArgumentException($"--encoder {Name(encoder)} codes {TrainedModel.PerFrame(encoder)} per "
                + $"frame: give --k {fixedK} or no --k, not {k}");

    /// <summary>"F1 0.912 (precision 0.950, recall 0.877)".</summary>
    public static string Describe(NoteMatchResult match)
        => string.Create(CultureInfo.InvariantCulture,
            $"F1 {match.F1:F3} (precision {match.Precision:F3}, recall {match.Recall:F3}; {match.ReferenceCount} "
            + $"reference notes, {match.EstimateCount} estimated)");

    /// <summary>The start of every line that prints <see cref="NoteMatching.VelocityMae"/>.</summary>
    public const string FoundVelocityLabel = "velocity MAE of the notes found (MIDI velocity / 127): ";

    /// <summary>
    /// "velocity MAE of the notes found (MIDI velocity / 127): 0.104", the output's notes against the input's.
    /// </summary>
    public static string FoundVelocityError(IReadOnlyList<TimedNote> input, IReadOnlyList<TimedNote> output)
        => FoundVelocityLabel + VelocityMae(input, output);

    /// <summary>"0.104", or "none (no note found)" when no output note matches an input note's onset.</summary>
    public static string VelocityMae(IReadOnlyList<TimedNote> input, IReadOnlyList<TimedNote> output)
        => NoteMatching.VelocityMae(input, output) is { } mae
            ? mae.ToString("F3", CultureInfo.InvariantCulture) : "none (no note found)";

    /// <summary>A loss as the output names it: "MSE", "L1", "hits loss".</summary>
    public static string LossName(LossKind loss)
        => loss == LossKind.Hits ? "hits loss" : loss.ToString().ToUpperInvariant();

    /// <summary>Writes "warning: MESSAGE" as one line on stderr.</summary>
    public static void Warn(string message) => Console.Error.WriteLine($"warning: {PrintableText.Of(message)}");

    /// <summary>"3, 17, 42".</summary>
    public static string List(IEnumerable<int> atoms) => string.Join(", ", atoms);
}
