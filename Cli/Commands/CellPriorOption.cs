using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "--prior-data GROOVE_DIR [--noise-rate RATE|auto]" for denoise: each decoded hit blended with the cell prior of the
/// dataset's train split (<see cref="CellPrior"/>) for random extra hits at RATE per played hit, or with auto at the
/// noise the piece's hits suggest (<see cref="CellHitRates.EstimateNoise"/>); without --noise-rate, the noise's own
/// rate under --add-noise, else auto. Hits dropped by --drop-hits are weighed at its share; dropped hits are never
/// estimated from a piece. The denoising study (docs/applications-measured.md) measures the blend against the code
/// alone.
/// </summary>
public sealed class CellPriorOption
{
    public Option<string?> Data { get; } = new("--prior-data")
    {
        Description = "Groove: blend each decoded hit with how often its drum and step are played in this Groove "
            + "dataset's train split (the folder with info.csv)",
    };

    public Option<string?> NoiseRate { get; } = new("--noise-rate")
    {
        Description = "With --prior-data: the random extra hits per played hit to expect, or auto to estimate them "
            + "from the piece (default: --add-noise's rate, else auto)",
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Data);
        command.Add(NoiseRate);
    }

    /// <summary>
    /// Refuses --noise-rate without --prior-data, --prior-data on a piano model, a rate outside
    /// (0, <see cref="NoiseInjection.MaxRate"/>] and a missing folder, before any work is done.
    /// </summary>
    public void Check(ParseResult parse, RepresentationKind kind)
    {
        string? dir = parse.GetValue(Data);
        if (dir is null)
        {
            if (parse.GetValue(NoiseRate) is not null)
                throw new ArgumentException("--noise-rate is the prior's; give --prior-data");
            return;
        }
        if (kind != RepresentationKind.Groove)
            throw new ArgumentException("--prior-data blends Groove drum hits; this is a piano model");
        GivenRate(parse);
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no such folder");
    }

    // --noise-rate as a number, null for auto or none; refuses anything else and a number outside (0, MaxRate]
    private double? GivenRate(ParseResult parse)
    {
        string? text = parse.GetValue(NoiseRate);
        if (text is null || text == "auto") return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate))
            throw new ArgumentException($"--noise-rate takes extra hits per played hit or auto, got '{text}'");
        if (!(rate is > 0 and <= NoiseInjection.MaxRate))
            throw new ArgumentException(
                $"--noise-rate must lie in (0, {NoiseInjection.MaxRate}] extra hits per played hit, got {text}");
        return rate;
    }

    /// <summary>
    /// The prior of --prior-data's train split, from its one-bar 4/4 sections, at --noise-rate, else (unless it is
    /// auto) <paramref name="addedNoise"/>'s rate, else at the noise <paramref name="piece"/>'s hits suggest, with
    /// <paramref name="addedNoise"/>'s share of dropped hits; says which. Null without --prior-data, or (with a
    /// warning) when the noise is estimated and the piece shows none and none was dropped.
    /// </summary>
    public CellPrior? Load(ParseResult parse, HitNoise? addedNoise, ISignalWindows piece)
    {
        if (parse.GetValue(Data) is not string dir) return null;
        var train = GrooveRateDistortion.Load(dir, "train", new EncodingCache(EncodingCache.DefaultDirectory),
            skipped: SkipLines.Print);
        var rates = new CellHitRates(train.Values, train.Count, train.Steps);
        var estimate = rates.EstimateNoise(piece);
        bool auto = parse.GetValue(NoiseRate) == "auto";
        double dropped = addedNoise?.DropFraction ?? 0, extra = addedNoise?.ExtraRate ?? 0;
        var (noise, source) = GivenRate(parse) is double given
            ? (rates.NoiseAt(new HitNoise(given, dropped)), "--noise-rate")
            : extra > 0 && !auto ? (rates.NoiseAt(new HitNoise(extra, dropped)), "--add-noise")
            : (estimate with { DropFraction = dropped }, "estimated");
        string drops = dropped > 0
            ? string.Create(CultureInfo.InvariantCulture, $" with {dropped} of the hits dropped (--drop-hits)") : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"prior: {rates.TrainingBars} train-split bars of {rates.Steps} steps; the piece's hits suggest noise at "
            + $"{estimate.Rate:0.###} extra hits per played hit; blending at {noise.Rate:0.###} ({source}){drops}"));
        if (noise.Rate > 0 || dropped > 0) return new CellPrior(rates, noise);
        ApplicationOptions.Warn(
            "the piece's hits fall where the training bars' do, so no noise was found and the prior is not blended; "
            + "give --noise-rate to blend anyway");
        return null;
    }
}
