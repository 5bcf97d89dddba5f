using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "--prior-data GROOVE_DIR [--noise-rate RATE]" for denoise: each decoded hit blended with the cell prior of the
/// dataset's train split (<see cref="CellPrior"/>) for random extra hits at RATE per played hit, the noise's own rate
/// under --add-noise. The README's denoising study measures the blend against the code alone.
/// </summary>
public sealed class CellPriorOption
{
    public Option<string?> Data { get; } = new("--prior-data")
    {
        Description = "Groove: blend each decoded hit with how often its drum and step are played in this Groove "
            + "dataset's train split (the folder with info.csv)",
    };

    public Option<double?> NoiseRate { get; } = new("--noise-rate")
    {
        Description = "With --prior-data: the random extra hits per played hit to expect (default: --add-noise's rate)",
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Data);
        command.Add(NoiseRate);
    }

    /// <summary>
    /// Refuses --noise-rate without --prior-data, --prior-data with no rate to assume or on a piano model, a rate
    /// outside (0, <see cref="NoiseInjection.MaxRate"/>] and a missing folder; null without --prior-data.
    /// </summary>
    public double? CheckedRate(ParseResult parse, double? addedNoise, RepresentationKind kind)
    {
        string? dir = parse.GetValue(Data);
        double? rate = parse.GetValue(NoiseRate);
        if (dir is null)
            return rate is null ? null : throw new ArgumentException("--noise-rate is the prior's; give --prior-data");
        if (kind != RepresentationKind.Groove)
            throw new ArgumentException("--prior-data blends Groove drum hits; this is a piano model");
        rate ??= addedNoise ?? throw new ArgumentException(
            "--prior-data needs the noise's rate: give --noise-rate (extra hits per played hit) or --add-noise");
        if (!(rate is > 0 and <= NoiseInjection.MaxRate))
            throw new ArgumentException(
                $"--noise-rate must lie in (0, {NoiseInjection.MaxRate}] extra hits per played hit, got {rate}");
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no such folder");
        return rate;
    }

    /// <summary>The prior of --prior-data's train split, from its one-bar 4/4 sections, at the given rate.</summary>
    public CellPrior Load(ParseResult parse, double rate)
    {
        var train = GrooveRateDistortion.Load(parse.GetValue(Data)!, "train",
            new EncodingCache(EncodingCache.DefaultDirectory));
        var prior = new CellPrior(train.Values, train.Count, train.Steps, rate);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"prior: {train.Count} train-split bars of {train.Steps} steps, noise rate {rate}"));
        return prior;
    }
}
