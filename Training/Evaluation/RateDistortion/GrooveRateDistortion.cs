using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion.Denoising;
using TcnWtaNative.Training.Evaluation.RateDistortion.Humanizing;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// The Groove rate–distortion evaluation (DESIGN section 8): a trained model against the classic dictionaries of the
/// same size N, all fit on the train split's one-bar 4/4 sections, tuned on validation and scored on the chosen split.
/// </summary>
public static class GrooveRateDistortion
{
    // the codes that denoising also scores blended with the cell prior (PriorBlendCoder): the network's encoder and the
    // k-means centroids (fit on clean or on noisy segments), whose decoded hits take any value, and the gain and union
    // codes of both, whose hits are lit or dark (for those the blend at 0.5 keeps the lit hits the noisy bar holds,
    // every cell being played in training)
    private static readonly HashSet<string> BlendedWithThePrior = ["model", "kmeans", "kmeans-denoise", "model+gain",
        "model+union", "kmeans+gain", "kmeans+union"];

    /// <summary>The budgets the issue and README report: 1, 2, 4 and 8 non-zeros per bar.</summary>
    public static IReadOnlyList<int> DefaultBudgets { get; } = [1, 2, 4, 8];

    /// <summary>
    /// Loads the splits, builds the methods and scores them; rows in method order, budgets ascending. With
    /// <paramref name="noise"/>, denoising: every method codes copies of the validation and scored bars with random
    /// extra hits added and hits dropped (<see cref="NoisyBars"/>) and is scored against the clean bars, beside the
    /// noisy bars themselves and, among the baselines, the training bars' cell prior (<see cref="CellPriorCoder"/>),
    /// k-means fit on noisy training segments (<see cref="DenoisingKMeansCoder"/>, the peer of a model trained on noisy
    /// bars), and the network's encoder, the k-means centroids and the gain and union codes of both blended with it
    /// (<see cref="PriorBlendCoder"/>). Noise that only quantizes the hits scores humanizing instead: the linear coders
    /// alone (the network's encoder and pursuit, k-means, k-means of quantized segments and random frames with
    /// pursuit) code the quantized bars and play exactly their hits at the decoded velocities and offsets
    /// (<see cref="HumanizedBarCoder"/>), beside the quantized bars and the training hits' means
    /// (<see cref="CellMeanCoder"/>). Each file of the splits it loads that is left out goes to
    /// <paramref name="skipped"/>.
    /// </summary>
    public static List<RateDistortionRow> Evaluate(TrainedModel trained, string dataDirectory, string split,
        IReadOnlyList<int> budgets, ModelEncoders encoders, bool baselines, int seed, EncodingCache? cache = null,
        HitNoise? noise = null, Action<SkippedFile>? skipped = null)
    {
        if (budgets.Count == 0 || budgets.Any(b => b < 1))
            throw new ArgumentException("budgets must be positive numbers of non-zeros per bar");
        var model = trained.Model;
        if (model.Config.InputChannels != GrooveGrid.Channels)
            throw new ArgumentException("the rate–distortion evaluation needs a Groove model");
        var scored = Load(dataDirectory, split, cache, skipped: skipped);
        var validation = split == "validation" ? scored : Load(dataDirectory, "validation", cache, skipped: skipped);
        if (scored.Steps % model.Config.FrameLength != 0)
            throw new ArgumentException(
                $"atoms of {model.Config.FrameLength} steps do not tile bars of {scored.Steps} steps");
        var methods = new List<IBarCoder>();
        CellPriorCoder? prior = null;
        bool humanizing = noise is { ChangesHits: false };
        if (humanizing && !encoders.HasWta() && !encoders.HasOmp())
            throw new ArgumentException(
                "humanizing plays a linear decode's velocities and offsets: score the wta or omp encoder (or all), "
                + "not the gain or union code, which light hits");
        var disposables = new List<IDisposable>();
        try
        {
            if (encoders.HasWta()) methods.Add(new WtaModelCoder(model, scored.Steps));
            if (encoders.HasOmp())
                methods.Add(
                    Pursuit("model+omp", PursuitCoder.ForModel(model), model.Backend, scored.Steps, disposables,
                    model.Config));
            // the gain and union codes light hits rather than play them: humanizing leaves them out
            bool gain = !humanizing
                && (encoders == ModelEncoders.Gain || encoders.HasGain() && model.Config.Loss != LossKind.Hits);
            if (gain)
                methods.Add(Owned(GainSearchCoder.ForModel(model, scored.Steps), disposables));
            bool union = !humanizing
                && (encoders == ModelEncoders.Union || encoders.HasUnion() && model.Config.Loss != LossKind.Hits);
            if (union) methods.Add(Owned(UnionGainCoder.ForModel(model, scored.Steps), disposables));
            if (noise is not null) methods.Add(new NoisyInputCoder());
            if (baselines)
            {
                var train = Load(dataDirectory, "train", cache, skipped: skipped);
                if (noise is { ChangesHits: true } priorNoise)
                    methods.Add(prior = new CellPriorCoder(train, priorNoise));
                if (humanizing) methods.Add(new CellMeanCoder(train));
                int atoms = model.Config.Atoms, frame = model.Config.FrameLength;
                var kmeans = new KMeansBarCoder(model.Backend, train.Values, train.Count, train.Channels, train.Steps,
                    atoms, seed);
                methods.Add(kmeans);
                if (noise is { } seen) methods.Add(new DenoisingKMeansCoder(model.Backend, train, seen, atoms, seed));
                if (!humanizing)
                    methods.Add(Owned(new KMeansGainCoder("kmeans+gain", kmeans, model.Backend, train.Channels,
                        scored.Steps, union: false), disposables));
                if (union)
                    methods.Add(Owned(new KMeansGainCoder("kmeans+union", kmeans, model.Backend, train.Channels,
                        scored.Steps, union: true), disposables));
                // the random frames stay at the model's K, the random+omp row's dictionary under the model's coders:
                // they answer "drawn, not learned" for the model's own frames; at other budgets the k-means rows
                // are the stronger classic code (0.04 to 0.07 above random+gain and random+union wherever both were
                // measured, docs/groove-rate-distortion.md), and more random rows would only add coding time
                var randomAtoms = RandomFrames.Draw(train, frame, atoms, seed);
                var randomCoder = new PursuitCoder(model.Backend, randomAtoms, atoms, train.Channels, frame);
                methods.Add(Pursuit("random+omp", randomCoder, model.Backend, scored.Steps, disposables));
                if (!humanizing)
                {
                    methods.Add(Searched("random+gain", randomAtoms, model, scored.Steps, disposables));
                    if (union)
                        methods.Add(Searched("random+union", randomAtoms, model, scored.Steps, disposables, union));
                    methods.Add(new PcaBarCoder(train.Values, train.Count, train.Channels, train.Steps,
                        Math.Min(budgets.Max(), train.Channels * train.Steps)));
                }
            }
            if (humanizing)
                methods = [.. methods.Select(m => m is CellMeanCoder ? m : new HumanizedBarCoder(m))];
            if (prior is not null)
                methods.AddRange([.. methods.Where(m => BlendedWithThePrior.Contains(m.Method))
                    .Select(m => new PriorBlendCoder(m, prior.Prior))]);
            if (noise is not { } added) return RateDistortionStudy.Run(methods, budgets, validation, scored);
            var noisyValidation = NoisyBars.Of(validation, added, seed);
            var noisyScored = split == "validation" ? noisyValidation : NoisyBars.Of(scored, added, seed + 1);
            return [.. RateDistortionStudy.Run(methods, budgets, validation, scored, noisyValidation, noisyScored,
                    comparePlayed: humanizing)
                .Select(row => row with
                {
                    NoiseRate = added.ExtraRate, DropFraction = added.DropFraction, Quantized = added.Quantized,
                })];
        }
        finally
        {
            foreach (var disposable in disposables) disposable.Dispose();
        }
    }

    /// <summary>
    /// The MSE of an all-zero output and of the train split's mean frame [27, <paramref name="frameLength"/>] over the
    /// split's bars (<see cref="LossBaselines"/>): what the table's MSE column reads against.
    /// </summary>
    public static LossBaselines Baselines(string dataDirectory, string split, int frameLength,
        EncodingCache? cache = null)
    {
        var frame = LossBaselines.FitMeanFrame(Load(dataDirectory, "train", cache).AsSet(), frameLength);
        return LossBaselines.Measure(Load(dataDirectory, split, cache).AsSet(), frame, frameLength, LossKind.Mse);
    }

    /// <summary>
    /// The 4/4 sections of <paramref name="sectionBars"/> bars (one by default) of a split, one after another without
    /// overlap, stacked, each with the index of its file; each file left out (unreadable, missing) goes to
    /// <paramref name="skipped"/>.
    /// </summary>
    public static Bars Load(string dataDirectory, string split, EncodingCache? cache, int sectionBars = 1,
        Action<SkippedFile>? skipped = null)
    {
        var dataset = GrooveDataset.Open(dataDirectory, new GrooveFilter(Split: split), cache, bars: sectionBars,
            hopBars: sectionBars);
        foreach (var file in dataset.Load.Skipped) skipped?.Invoke(file);
        if (dataset.Sections.Count == 0)
            throw new ArgumentException($"the {split} split has no {sectionBars}-bar 4/4 sections");
        var fileIndex = new Dictionary<string, int>();
        int[] files = [.. dataset.Sections.Select(s => fileIndex.TryGetValue(s.Source.MidiFile, out int index)
            ? index : fileIndex[s.Source.MidiFile] = fileIndex.Count)];
        var grids = dataset.Sections.Select(s => s.Grid).ToList();
        return Bars.Stack(split, grids, GrooveGrid.Channels, dataset.Sections[0].Steps, files);
    }

    private static T Owned<T>(T coder, List<IDisposable> owned) where T : IDisposable
    {
        owned.Add(coder);
        return coder;
    }

    /// <summary>
    /// The random baseline's dictionary [N, C, K] of the model's size and frame length coded by model+gain's gain
    /// search, or by model+union's union code where <paramref name="union"/>, comparing dictionaries under one coder.
    /// </summary>
    private static GainSearchBarCoder Searched(string method, float[] atoms, Autoencoder model, int steps,
        List<IDisposable> owned, bool union = false)
    {
        var config = model.Config;
        return Owned(GainSearchBarCoder.Create(method, model.Backend, atoms, config.Atoms, config.InputChannels,
            config.FrameLength, steps, union), owned);
    }

    private static PursuitBarCoder Pursuit(string method, PursuitCoder coder, IComputeBackend backend, int steps,
        List<IDisposable> owned, AutoencoderConfig? outputSpace = null)
    {
        owned.Add(coder);
        return new PursuitBarCoder(method, coder, backend, steps, outputSpace);
    }
}
