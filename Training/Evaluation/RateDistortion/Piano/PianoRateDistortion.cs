using TcnWtaNative.Kernels;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Initialization;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// How the piano rate–distortion study is bounded: budgets in non-zeros per second; the first
/// <see cref="MaxSeconds"/> of each of at most <see cref="MaxPieces"/> scored pieces (0: all of either); the baselines
/// fit on one seeded window of <see cref="TrainSeconds"/> from each of <see cref="TrainPieces"/> seeded training
/// pieces; every OMP coder weighs the onset roll's note ends by <see cref="OffsetWeight"/> (null: the model's
/// <see cref="TrainedModel.OffsetWeight"/>).
/// </summary>
public sealed record PianoStudyOptions(IReadOnlyList<int> Budgets, double MaxSeconds = 30, int MaxPieces = 0,
    int TrainPieces = 16, double TrainSeconds = 60, ModelEncoders Encoders = ModelEncoders.Both, bool Baselines = true,
    int Seed = 1, double? OffsetWeight = null);

/// <summary>
/// The piano rate–distortion evaluation (DESIGN section 8) for models of a fixed-rate representation: the model (its
/// own encoder, and OMP over its atoms) beside k-means and random training frames with OMP of the same N, fit on the
/// MAESTRO train split, on the onset roll a per-key basis written by hand (`keys+omp`, <see cref="KeyAtoms"/>), and the
/// piece's own largest values (`values`: no dictionary, OMP over the C K unit atoms), every pursuit with the same
/// channel weights (<see cref="PianoStudyOptions.OffsetWeight"/>), scored on the chosen split by
/// note-onset F1 and note F1 with offsets against non-zeros per second of music, decoded at 0.5 and, beside it, at the
/// threshold tuned on the same excerpts of the validation split (with <c>--split validation</c> that is the scored
/// split itself).
/// </summary>
public static class PianoRateDistortion
{
    /// <summary>The budgets reported by default: 5, 10, 20 and 40 non-zeros per second.</summary>
    public static IReadOnlyList<int> DefaultBudgets { get; } = [5, 10, 20, 40];

    /// <summary>The split the decoding threshold is tuned on.</summary>
    public const string TuningSplit = "validation";

    // the tempo piano encodings keep (EncodedPiece); a fixed-rate representation ignores it
    private const double PianoBpm = 120;

    /// <summary>Whether the study applies: a piano representation of a fixed frame rate (events are not one).</summary>
    public static bool Applies(IMusicRepresentation representation) => representation is IRollRepresentation;

    /// <summary>Loads the split's pieces one at a time, builds the methods and scores them.</summary>
    public static PianoRateDistortionResult Evaluate(TrainedModel trained, string dataDirectory, string split,
        PianoStudyOptions options)
    {
        if (trained.Representation is not IRollRepresentation representation)
            throw new ArgumentException(
                "the piano rate–distortion study needs a fixed-rate piano representation, not "
                + trained.Representation.Settings.Kind);
        if (options.Budgets.Count == 0 || options.Budgets.Any(b => b < 1))
            throw new ArgumentException("budgets must be positive numbers of non-zeros per second");
        if (!(options.MaxSeconds >= 0)) throw new ArgumentException("--max-seconds must be 0 (whole pieces) or more");
        if (!(options.TrainSeconds > 0)) throw new ArgumentException("--train-seconds must be positive");
        if (options.TrainPieces < 1)
            throw new ArgumentException($"--train-pieces must be at least 1, got {options.TrainPieces}");
        if (options.MaxPieces < 0)
            throw new ArgumentException($"--max-pieces must be 0 (all pieces) or more, got {options.MaxPieces}");
        var index = MaestroIndex.Load(dataDirectory);
        var entries = Entries(index, split, options.MaxPieces);
        if (entries.Count == 0) throw new ArgumentException($"the {split} split has no pieces");
        var tuningEntries = Entries(index, TuningSplit, options.MaxPieces);
        var rate = new StepRate(representation.StepsPerSecond(PianoBpm));
        var owned = new List<IDisposable>();
        try
        {
            double offsetWeight = options.OffsetWeight ?? trained.OffsetWeight;
            var weights = new PursuitWeights(
                ModelOffsetWeight.ChannelWeights(trained.Representation.Settings.Kind, offsetWeight),
                ModelOffsetWeight.Describe(offsetWeight));
            var methods = ModelMethods(trained, options.Encoders, rate, weights, owned);
            if (options.Baselines) methods.AddRange(Baselines(trained, index, options, rate, weights, owned));
            int maxSteps = options.MaxSeconds > 0
                ? Math.Max(1, (int)Math.Round(options.MaxSeconds * rate.StepsPerSecond)) : int.MaxValue;
            IEnumerable<EncodedPiece> Excerpts(IReadOnlyList<MaestroEntry> chosen)
                => chosen.Select(
                    e => Excerpt(trained.Representation.Windows(MidiReader.Read(index.PathOf(e))), maxSteps));
            return PianoRateDistortionStudy.Run(methods, options.Budgets, Excerpts(tuningEntries), Excerpts(entries),
                representation, rate, split);
        }
        finally
        {
            foreach (var disposable in owned) disposable.Dispose();
        }
    }

    // "model" (its own encoder) and "model+omp" (OMP over its decoder atoms, with the channel weights), as the encoders
    // option asks
    private static List<IPieceCoder> ModelMethods(TrainedModel trained, ModelEncoders encoders, StepRate rate,
        PursuitWeights weights, List<IDisposable> owned)
    {
        var model = trained.Model;
        var methods = new List<IPieceCoder>();
        if (encoders == ModelEncoders.Gain)
            throw new ArgumentException("the gain search (--encoder gain) codes Groove bars, not piano rolls");
        if (encoders == ModelEncoders.Union)
            throw new ArgumentException("the union code (--encoder union) codes Groove bars, not piano rolls");
        if (encoders.HasWta()) methods.Add(new WtaPieceCoder(model, rate));
        if (encoders.HasOmp())
            methods.Add(new PursuitPieceCoder("model+omp", Own(PursuitCoder.ForModel(model, weights.Channels), owned),
                model.Backend, rate, weights.Meaning));
        return methods;
    }

    // k-means and random frames + OMP, both of the model's N, fit on a seeded sample of the train split; on the onset
    // roll the per-key basis written by hand (its velocities from the same sample); the piece's own values; every
    // pursuit with the channel weights
    private static IEnumerable<IPieceCoder> Baselines(TrainedModel trained, MaestroIndex index,
        PianoStudyOptions options, StepRate rate, PursuitWeights weights, List<IDisposable> owned)
    {
        var (config, backend) = (trained.Model.Config, trained.Model.Backend);
        var train = index.Select(new MaestroFilter(Split: "train")).ToArray();
        if (train.Length == 0) throw new ArgumentException("the train split has no pieces to fit the baselines on");
        new Random(options.Seed).Shuffle(train);
        var chosen = train.Take(options.TrainPieces).Select(e => trained.EncodeFile(index.PathOf(e)));
        int windowSteps = Math.Max(config.FrameLength, (int)Math.Round(options.TrainSeconds * rate.StepsPerSecond));
        var sample = PianoTrainingSample.Draw(chosen, config.InputChannels, windowSteps, options.Seed);
        int frameSize = config.InputChannels * config.FrameLength;
        var atoms = RandomFrames.Draw(sample.Segments(config.FrameLength), frameSize, config.Atoms, options.Seed);
        var randomCoder = new PursuitCoder(backend, atoms, config.Atoms, config.InputChannels, config.FrameLength,
            weights.Channels);
        List<IPieceCoder> baselines = [new KMeansPieceCoder(backend, sample, config.Atoms, options.Seed, rate),
            new PursuitPieceCoder("random+omp", Own(randomCoder, owned), backend, rate, weights.Meaning)];
        if (trained.Representation is OnsetRollRepresentation)
        {
            var keyAtoms = KeyAtoms.Build(sample.KeyVelocityMeans(), config.FrameLength);
            var keyCoder = new PursuitCoder(backend, keyAtoms, KeyAtoms.Count(config.FrameLength),
                config.InputChannels, config.FrameLength, weights.Channels);
            baselines.Add(new PursuitPieceCoder("keys+omp", Own(keyCoder, owned), backend, rate, weights.Meaning));
        }
        baselines.Add(new PursuitPieceCoder("values",
            Own(UnitAtoms(backend, config.InputChannels, config.FrameLength, weights.Channels), owned), backend, rate,
            weights.Meaning));
        return baselines;
    }

    // no dictionary: the C K unit atoms [C, K] of one value each, so OMP keeps the piece's own largest values as they
    // are
    private static PursuitCoder UnitAtoms(IComputeBackend backend, int channels, int frameLength, float[]? weights)
    {
        int size = channels * frameLength;
        var identity = new float[size * size];
        for (int i = 0; i < size; i++) identity[i * size + i] = 1;
        return new PursuitCoder(backend, identity, size, channels, frameLength, weights);
    }

    // the split's pieces, the first maxPieces of them when that is positive
    private static IReadOnlyList<MaestroEntry> Entries(MaestroIndex index, string split, int maxPieces)
    {
        var entries = index.Select(new MaestroFilter(Split: split));
        return maxPieces > 0 ? [.. entries.Take(maxPieces)] : entries;
    }

    // the first maxSteps steps of a piece [C, min(maxSteps, T)], rendered from its notes without the rest of the piece
    private static EncodedPiece Excerpt(ISignalWindows piece, int maxSteps)
    {
        var excerpt = new FirstStepsWindows(piece, maxSteps);
        var signal = new float[(long)excerpt.Channels * excerpt.Length];
        excerpt.Read(0, excerpt.Length, signal);
        return new EncodedPiece(signal, excerpt.Channels, excerpt.Length, excerpt.Bpm, excerpt.Meter);
    }

    // every pursuit's channel weights [C] (null: plain) and what they mean, for the budget's meaning
    private sealed record PursuitWeights(float[]? Channels, string? Meaning);

    private static T Own<T>(T disposable, List<IDisposable> owned) where T : IDisposable
    {
        owned.Add(disposable);
        return disposable;
    }
}
