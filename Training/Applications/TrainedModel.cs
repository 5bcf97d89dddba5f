using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// A checkpoint ready for the applications: the model and the music representation it was trained on, so a MIDI
/// file of the right kind turns into the model's input and a signal back into MIDI.
/// </summary>
public sealed class TrainedModel(Autoencoder model, IMusicRepresentation representation, string path) : IDisposable
{
    private PursuitCoder? _pursuit;
    private double _offsetWeight = ModelOffsetWeight.Plain;
    private PieceFrameCoder? _gain, _union;

    public Autoencoder Model { get; } = model;
    public IMusicRepresentation Representation { get; } = representation;
    /// <summary>The checkpoint file it came from.</summary>
    public string Path { get; } = path;

    /// <summary>
    /// The meter a drum model was trained on ("4-4"; <see cref="ModelMeter"/>), null when it has none.
    /// </summary>
    public string? Meter { get; init; }

    /// <summary>
    /// The encoder the checkpoint asks for (<see cref="ModelEncoder"/>): the applications' --encoder when none is
    /// given.
    /// </summary>
    public CodeEncoder DefaultEncoder { get; init; }

    /// <summary>
    /// The weight of the onset roll's note-end rows in OMP's squared error (<see cref="ModelOffsetWeight"/>): 1 unless
    /// the model file records another or it is set (checked against the representation; the next pursuit uses it).
    /// </summary>
    public double OffsetWeight
    {
        get => _offsetWeight;
        set
        {
            if (ModelOffsetWeight.Problem(value, Representation.Settings.Kind) is { } problem)
                throw new ArgumentException(problem);
            _offsetWeight = value;
            _pursuit?.Dispose();
            _pursuit = null;
        }
    }

    /// <summary>The pursuit's channel weights [C] for <see cref="OffsetWeight"/>; null when all rows weigh 1.</summary>
    public float[]? PursuitWeights => ModelOffsetWeight.ChannelWeights(Representation.Settings.Kind, OffsetWeight);

    /// <summary>
    /// The model file <paramref name="path"/> names: the file itself or a run folder's model.safetensors.
    /// </summary>
    public static string FileOf(string path)
    {
        if (!Directory.Exists(path))
            return Missing(path) is { } problem ? throw new FileNotFoundException($"{path}: {problem}") : path;
        string model = new RunFolder(path).Model;
        if (!File.Exists(model))
            throw new FileNotFoundException(
                $"{path} is a folder without a model.safetensors; give a model file or a run folder");
        return Missing(model) is { } linkProblem ? throw new FileNotFoundException($"{model}: {linkProblem}") : model;
    }

    // why no model file can be read at a path that is not a folder: none there, or a link that leads to none
    private static string? Missing(string path)
        => !File.Exists(path) ? "no such model file"
            : BrokenLinks.Describe(path) is { } link ? $"no such model file: {link}" : null;

    /// <summary>
    /// Loads a checkpoint (or a run folder's); a missing, damaged or representation-less file is a clear error.
    /// </summary>
    public static TrainedModel Load(string path, IComputeBackend backend)
    {
        path = FileOf(path);
        return Of(ModelCheckpoint.Load(path, backend), path);
    }

    /// <summary>
    /// The loaded <paramref name="checkpoint"/> of the model file <paramref name="path"/> with the metadata every
    /// command reads (representation, encoder, offset weight) checked; on a clear error the model is disposed.
    /// </summary>
    public static TrainedModel Of(LoadedCheckpoint checkpoint, string path)
    {
        try
        {
            var representation = MusicRepresentations.FromMetadata(checkpoint.Metadata, path);
            if (representation.Channels != checkpoint.Model.Config.InputChannels)
                throw new InvalidDataException(
                    $"{path}: the {representation.Settings.Kind} representation has {representation.Channels} "
                    + $"channels, the model {checkpoint.Model.Config.InputChannels}");
            return new TrainedModel(checkpoint.Model, representation, path)
            {
                Meter = ModelMeter.Of(checkpoint.Metadata, representation.Settings.Kind, path),
                DefaultEncoder = ModelEncoder.Of(checkpoint.Metadata, path),
                OffsetWeight = ModelOffsetWeight.Of(checkpoint.Metadata, representation.Settings.Kind, path),
            };
        }
        catch
        {
            checkpoint.Model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads and encodes a MIDI file for this model: a bad file is a <see cref="MidiFormatException"/> naming it.
    /// </summary>
    public EncodedPiece EncodeFile(string midiPath) => Representation.Encode(MidiReader.Read(midiPath));

    /// <summary>A piece's sparse code [N, ceil(T / K)] by <paramref name="encoder"/> at the model's k (gain: 1,
    /// union: 2).</summary>
    public SparseCode Encode(EncodedPiece piece, CodeEncoder encoder = CodeEncoder.Wta)
        => Encode(piece, encoder, NonzerosPerColumn(encoder));

    /// <summary>The non-zeros per code column <paramref name="encoder"/> gives at the model's k: the model's k, 1 for
    /// the gain search, 2 for the union code.</summary>
    public int NonzerosPerColumn(CodeEncoder encoder) => encoder switch
    {
        CodeEncoder.Gain => 1,
        CodeEncoder.Union => UnionK,
        _ => Model.TopK,
    };

    /// <summary>The non-zeros per column of the union code: two atoms with gains.</summary>
    public const int UnionK = 2;

    /// <summary>
    /// A piece's sparse code [N, ceil(T / K)] with <paramref name="k"/> non-zeros per column, chosen among
    /// <paramref name="atoms"/> (all when null; the others stay zero). <see cref="CodeEncoder.Wta"/>: the model's
    /// encoder and winner-take-all; with another k than the model's or an atom set, the channel top-k of its
    /// activations (<see cref="Activations"/>). <see cref="CodeEncoder.Omp"/>: matching pursuit over the decoder's
    /// atoms (over the allowed ones alone). <see cref="CodeEncoder.Gain"/>: the gain search over the decoder's atoms
    /// (over the allowed ones alone), k = 1. <see cref="CodeEncoder.Union"/>: the union coder over the decoder's atoms
    /// (over the allowed ones alone), k = 2. The one place the applications encode a piece.
    /// </summary>
    public SparseCode Encode(EncodedPiece piece, CodeEncoder encoder, int k, IReadOnlySet<int>? atoms = null)
        => encoder switch
    {
        CodeEncoder.Wta when atoms is null && k == Model.TopK => Model.Encode(piece.Signal, piece.Length),
        CodeEncoder.Wta => CodeEditing.TopKPerColumn(Model.Backend, Activations(piece), k, atoms),
        CodeEncoder.Omp => Pursue(piece, k, atoms),
        CodeEncoder.Gain or CodeEncoder.Union => CodeFrames(piece, encoder, k, atoms),
        _ => throw new ArgumentOutOfRangeException(nameof(encoder), encoder, "unknown code encoder"),
    };

    /// <summary>The encoder's activations before the winner-take-all, [N, L] (needs a channel top-k model).</summary>
    public SparseCode Activations(EncodedPiece piece)
    {
        if (Model.Config.Sparsity != SparsityKind.ChannelTopK)
            throw new NotSupportedException($"{Path}: re-ranking the encoder's activations needs channel top-k, but "
                + $"this model uses {Model.Config.Sparsity} sparsity (--encoder omp codes over any atom set)");
        int k = Model.TopK;
        Model.TopK = Model.Config.Atoms;
        try { return Model.Encode(piece.Signal, piece.Length); }
        finally { Model.TopK = k; }
    }

    // OMP with k non-zeros per column over the decoder's atoms, the note ends weighed by OffsetWeight (the coder made
    // once, on first use: its Gram matrix is N^2 C K multiply-adds); over a subset, a coder of its own with the other
    // atoms zeroed, so they are never chosen
    private SparseCode Pursue(EncodedPiece piece, int k, IReadOnlySet<int>? atoms)
    {
        var config = Model.Config;
        using var restricted = atoms is null ? null : RestrictedCoder(atoms);
        var coder = restricted ?? (_pursuit ??= PursuitCoder.ForModel(Model, PursuitWeights));
        using var signal = Tensor.FromHost(Model.Backend, piece.Signal, 1, config.InputChannels, piece.Length);
        using var code = coder.Encode(signal, k);
        return new SparseCode(config.Atoms, code.Length, code.ToHost(Model.Backend));
    }

    // the gain search (one atom per column) or the union code (two), k checked (the coder over all atoms made once,
    // on first use: it sorts every atom's hit cells); over a subset, a coder of its own over those atoms alone
    private SparseCode CodeFrames(EncodedPiece piece, CodeEncoder encoder, int k, IReadOnlySet<int>? atoms)
    {
        int expected = NonzerosPerColumn(encoder);
        if (k != expected)
            throw new ArgumentException(
                $"--encoder {ModelEncoder.Name(encoder)} codes {PerFrame(encoder)} per frame: k must be {expected}, "
                + $"got {k}");
        using var restricted = atoms is null ? null : FrameCoder(encoder, atoms);
        var coder = restricted ?? (encoder == CodeEncoder.Gain
            ? _gain ??= FrameCoder(encoder, null)
            : _union ??= FrameCoder(encoder, null));
        return coder.Encode(piece);
    }

    private PieceFrameCoder FrameCoder(CodeEncoder encoder, IReadOnlySet<int>? atoms)
        => new(Model, Representation.Settings.Kind, atoms, encoder);

    /// <summary>
    /// What one frame of a gain or union code holds, for messages: "one atom and its gain", "two atoms and their
    /// gains".
    /// </summary>
    public static string PerFrame(CodeEncoder encoder)
        => encoder == CodeEncoder.Union ? "two atoms and their gains" : "one atom and its gain";

    private PursuitCoder RestrictedCoder(IReadOnlySet<int> atoms)
    {
        var config = Model.Config;
        CodeEditing.CheckAtoms(atoms, config.Atoms);
        int size = config.InputChannels * config.FrameLength;
        var all = new float[Model.Atoms.Count];
        Model.Backend.Download(Model.Atoms.Value, all);
        var kept = new float[all.Length];
        foreach (int n in atoms) Array.Copy(all, n * size, kept, n * size, size);
        return new PursuitCoder(Model.Backend, kept, config.Atoms, config.InputChannels, config.FrameLength,
            PursuitWeights);
    }

    /// <summary>
    /// A code [N, L] made by <paramref name="encoder"/> decoded and cut to the first <paramref name="length"/> steps:
    /// signal [C, length]. The model's linear decoder, but a gain or union code (<see cref="CodeEncoder.Gain"/>,
    /// <see cref="CodeEncoder.Union"/>) as the union of its atoms' lit hits, a lit cell's velocity and offset the
    /// responsible atom's own over its hit value (<see cref="UnionDecoding"/>).
    /// </summary>
    public float[] Decode(SparseCode code, int length, CodeEncoder encoder = CodeEncoder.Wta)
    {
        var config = Model.Config;
        if (length < 1 || length > code.Columns * config.FrameLength)
            throw new ArgumentException(
                $"a code of {code.Columns} columns covers 1 to "
                + $"{code.Columns * config.FrameLength} steps, not {length}");
        var signal = encoder is CodeEncoder.Gain or CodeEncoder.Union
            ? DecodeUnion(code, encoder)
            : Model.Decode(code);
        return SignalRows.TrimToLength(signal, Representation.Channels, code.Columns * config.FrameLength, length);
    }

    // a gain or union code [N, L] -> signal [C, L K] by the union decoding, on the backend over the decoder atoms
    private float[] DecodeUnion(SparseCode code, CodeEncoder encoder)
    {
        var config = Model.Config;
        PieceFrameCoder.CheckRepresentation(Representation.Settings.Kind, encoder);
        return UnionDecoding.Decode(Model.Backend, Model.Atoms.Value, config.InputChannels, config.FrameLength,
            DrumMapping.ClassCount * config.FrameLength, code);
    }

    /// <summary>
    /// Note-level precision, recall and F1 of <paramref name="signal"/> [C, reference.Length] against the notes of
    /// <paramref name="reference"/> as this representation decodes them (so the input's own encoding, not the raw file,
    /// is the reference).
    /// </summary>
    public NoteMatchResult Score(EncodedPiece reference, float[] signal)
        => NoteMatching.Match(Representation.ToNotes(reference.Signal, reference.Length, reference.Bpm),
            Representation.ToNotes(signal, reference.Length, reference.Bpm));

    public void Dispose()
    {
        _pursuit?.Dispose();
        _gain?.Dispose();
        _union?.Dispose();
        Model.Dispose();
    }
}
