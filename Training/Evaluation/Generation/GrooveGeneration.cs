using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// How real a Groove model's generated drums are: 4/4 sections of one bar or several from the model (code columns
/// chained as <c>drums --data</c> does, atoms drawn by usage as <c>--sample usage</c> does, and code columns of real
/// sections recombined) beside baselines fit on the same train split's sections (k-means centroids of the frames
/// under the same chain, the training sections themselves, their frames recombined, every cell at its own rate) and,
/// when scoring on test, the validation sections, all scored against the held-out split's sections by
/// <see cref="GenerationScore"/>, their velocities and offsets by <see cref="HitValueDistance"/> (beside the chain's
/// hits played flat, <see cref="FlatDynamicsSampler"/>).
/// </summary>
public static class GrooveGeneration
{
    /// <summary>Sections each generator makes by default.</summary>
    public const int DefaultSections = 1000;

    /// <summary>The longest section scored, in bars.</summary>
    public const int MaxSectionBars = 16;

    /// <summary>
    /// Rows in the order above, each from <paramref name="sections"/> generated sections of
    /// <paramref name="sectionBars"/> bars; each file a split leaves out (unreadable, missing) goes to
    /// <paramref name="skipped"/>.
    /// </summary>
    public static List<GenerationRow> Evaluate(TrainedModel trained, string dataDirectory, string split,
        int sections, int sectionBars, CodeEncoder encoder, int seed, EncodingCache? cache = null,
        Action<SkippedFile>? skipped = null)
    {
        if (trained.Representation.Settings.Kind != RepresentationKind.Groove)
            throw new ArgumentException($"{trained.Path}: scoring generated drums needs a Groove model");
        if (sectionBars < 1 || sectionBars > MaxSectionBars)
            throw new ArgumentException($"--section-bars must lie in [1, {MaxSectionBars}], got {sectionBars}");
        if (sections < 1 || (long)sections * sectionBars > InputLimits.MaxDrumBars)
            throw new ArgumentException($"--sections of {sectionBars} bar(s) must lie in [1, "
                + $"{InputLimits.MaxDrumBars / sectionBars}] ({InputLimits.MaxDrumBars} bars in all), got {sections}");
        if (split is not ("validation" or "test"))
            throw new ArgumentException($"--split must be validation or test (held out from training), got {split}");
        var train = GrooveRateDistortion.Load(dataDirectory, "train", cache, sectionBars, skipped);
        var heldOut = GrooveRateDistortion.Load(dataDirectory, split, cache, sectionBars, skipped);
        int steps = train.Steps, frame = trained.Model.Config.FrameLength;
        var coded = CodedSections.Code(trained, train, encoder);
        var chained = ModelCodeSampler.Chained(trained, coded, encoder, steps);
        var generators = new List<ISectionGenerator>
        {
            chained,
            new FlatDynamicsSampler(chained, HitValues.Of(train.Values, train.Count, steps), steps),
            new ModelUsageSampler(trained, coded.Usage, encoder, steps),
            new KMeansChainSampler(trained.Model.Backend, train, trained.Model.Config.Atoms, frame, seed),
            new RealSectionSampler(train),
            new CellRateSampler(train),
        };
        // with atoms of a whole section the chain has no column before to follow, and a section is one frame: these
        // two rows would repeat model+chain's and train-sections'
        if (frame < steps)
            generators.InsertRange(3, [ModelCodeSampler.Recombined(trained, coded, encoder, steps),
                new TrainingFrameSampler(train, frame)]);
        if (split == "test")
            generators.Add(new RealSectionSampler(GrooveRateDistortion.Load(dataDirectory, "validation", cache,
                sectionBars, skipped)));
        var trainHits = HitPatterns.Of(train.Values, train.Count, steps);
        var heldOutHits = HitPatterns.Of(heldOut.Values, heldOut.Count, steps);
        var heldOutValues = HitValues.Of(heldOut.Values, heldOut.Count, steps);
        return [.. generators.Select(g =>
        {
            var generated = g.Generate(sections, seed);
            var (velocity, offset) = HitValueDistance.Between(HitValues.Of(generated, sections, steps), heldOutValues);
            return GenerationScore.Score(g.Method, g.Meaning, sectionBars, HitPatterns.Of(generated, sections, steps),
                heldOutHits, trainHits) with { VelocityW1 = velocity, OffsetW1 = offset };
        })];
    }
}
