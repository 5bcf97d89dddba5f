using System.CommandLine;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

namespace TcnWtaNative.Cli.Commands;

/// <summary>The options of "tcnwta evaluate" that bound the piano-roll rate–distortion study.</summary>
internal sealed class PianoStudyFlags
{
    private readonly Option<double> _maxSeconds = new("--max-seconds")
    {
        Description = "Piano roll: score the first S seconds of each piece (0 = whole pieces)",
        DefaultValueFactory = _ => 30,
    };
    private readonly Option<int> _trainPieces = new("--train-pieces")
    {
        Description = "Piano roll: fit the baselines on this many seeded training pieces",
        DefaultValueFactory = _ => 16,
    };
    private readonly Option<double> _trainSeconds = new("--train-seconds")
    {
        Description = "Piano roll: a seeded window of this many seconds from each training piece",
        DefaultValueFactory = _ => 60,
    };
    private readonly Option<double?> _offsetWeight = new("--offset-weight")
    {
        Description = "Onset roll: weigh note ends (offset rows) by this in every OMP coder's squared error "
            + "(default: the model file's, 1 unless trained with --offset-weight)",
    };

    /// <summary>The options, which only the piano-roll study reads.</summary>
    public IEnumerable<Option> All => [_maxSeconds, _trainPieces, _trainSeconds, _offsetWeight];

    /// <summary>The options that bound the baselines' training sample, which --no-baselines leaves unread.</summary>
    public IEnumerable<Option> BaselineSample => [_trainPieces, _trainSeconds];

    /// <summary>The option only OMP's coders read (the model's own and the baselines').</summary>
    public Option OffsetWeight => _offsetWeight;

    /// <summary>Adds the options to the command.</summary>
    public void AddTo(Command command)
    {
        command.Add(_maxSeconds);
        command.Add(_trainPieces);
        command.Add(_trainSeconds);
        command.Add(_offsetWeight);
    }

    /// <summary>
    /// Refuses a given --offset-weight that is no weight, or one for a model without the onset roll's note ends (before
    /// any study runs, the Groove one included).
    /// </summary>
    public void Check(ParseResult parse, TrainedModel trained)
    {
        if (parse.GetValue(_offsetWeight) is { } weight) ApplicationOptions.CheckOffsetWeight(weight, trained);
    }

    /// <summary>
    /// The study's bounds from these options and the command's shared ones (budgets: the defaults when none).
    /// </summary>
    public PianoStudyOptions Options(ParseResult parse, int[]? budgets, int maxPieces, ModelEncoders encoders,
        bool baselines, int seed)
        => new(budgets is { Length: > 0 } ? budgets : [.. PianoRateDistortion.DefaultBudgets],
            parse.GetValue(_maxSeconds),
            maxPieces, parse.GetValue(_trainPieces), parse.GetValue(_trainSeconds), encoders, baselines, seed,
            parse.GetValue(_offsetWeight));
}
