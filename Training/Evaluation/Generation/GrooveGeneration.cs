using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// How real a Groove model's generated bars are: one-bar 4/4 bars from the model (atoms drawn by usage, code columns
/// chained as <c>drums --data</c> does, and code columns of real frames recombined) beside baselines fit on the same
/// train split (k-means centroids of the frames under the same chain, the training bars themselves, their frames
/// recombined, every cell at its own rate) and, when scoring on test, the validation bars, all scored against the
/// held-out split's bars by <see cref="GenerationScore"/>.
/// </summary>
public static class GrooveGeneration
{
    /// <summary>Bars each generator makes by default.</summary>
    public const int DefaultBars = 1000;

    /// <summary>Rows in the order above, each from <paramref name="bars"/> generated bars.</summary>
    public static List<GenerationRow> Evaluate(TrainedModel trained, string dataDirectory, string split, int bars,
        CodeEncoder encoder, int seed, EncodingCache? cache = null)
    {
        if (trained.Representation.Settings.Kind != Midi.Representations.RepresentationKind.Groove)
            throw new ArgumentException($"{trained.Path}: scoring generated drums needs a Groove model");
        if (bars < 1 || bars > InputLimits.MaxDrumBars)
            throw new ArgumentException($"--bars must lie in [1, {InputLimits.MaxDrumBars}], got {bars}");
        if (split is not ("validation" or "test"))
            throw new ArgumentException($"--split must be validation or test (held out from training), got {split}");
        var train = GrooveRateDistortion.Load(dataDirectory, "train", cache);
        var heldOut = GrooveRateDistortion.Load(dataDirectory, split, cache);
        int steps = train.Steps;
        var coded = CodedBars.Code(trained, train, encoder);
        int frame = trained.Model.Config.FrameLength;
        var generators = new List<IBarGenerator>
        {
            new ModelUsageSampler(trained, coded.Usage, encoder, steps),
            ModelCodeSampler.Chained(trained, coded, encoder, steps),
            new KMeansChainSampler(trained.Model.Backend, train, trained.Model.Config.Atoms, frame, seed),
            new RealBarSampler(train),
            new CellRateSampler(train),
        };
        // with atoms of a whole bar the chain has no column before to follow, and a bar is one frame: these two rows
        // would repeat model+chain's and train-bars'
        if (frame < steps)
            generators.InsertRange(2, [ModelCodeSampler.Recombined(trained, coded, encoder, steps),
                new TrainingFrameSampler(train, frame)]);
        if (split == "test") generators.Add(new RealBarSampler(GrooveRateDistortion.Load(dataDirectory, "validation",
            cache)));
        var trainHits = HitPatterns.Of(train.Values, train.Count, steps);
        var heldOutHits = HitPatterns.Of(heldOut.Values, heldOut.Count, steps);
        return [.. generators.Select(g => GenerationScore.Score(g.Method, g.Meaning,
            HitPatterns.Of(g.Generate(bars, seed), bars, steps), heldOutHits, trainHits))];
    }
}
