using System.Text.Json;
using System.Text.Json.Serialization;
using TcnWtaNative.Engine;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Training.Revival;

namespace TcnWtaNative.Training.Checkpoints;

/// <summary>
/// Where a run stands, saved with every checkpoint so that --resume continues exactly: the epoch in progress
/// (from 0) and how many of its batches are done, Adam's step count, the running sums of the epoch's training
/// loss, and the training time so far. Every epoch's shuffle is drawn from <see cref="ShuffleSeed"/> and the epoch
/// number, and the k and learning-rate schedules are functions of the epoch, so these numbers are the whole state
/// of the randomness and the schedules; <see cref="TopK"/> and <see cref="LearningRate"/> record their values.
/// <see cref="Atoms"/> holds the atoms' wins and unused epochs for dead-atom revival (null in checkpoints written
/// before it existed, which resume as if no atom had been unused yet). <see cref="InitializerStopped"/> says where a
/// signal stopped the atom initializer of the run's first session, and is kept through later sessions; null (and
/// absent from the JSON) when it ran to its end.
/// </summary>
public sealed record TrainingState(int Epoch, int Batch, int OptimizerStep, double EpochLossSum, double EpochLossWeight,
    double Seconds, int ShuffleSeed, int TopK, float LearningRate, AtomActivity? Atoms = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] InitializerStop? InitializerStopped = null)
{
    /// <summary>A run that has not started.</summary>
    public static TrainingState Start(int seed, int topK, float learningRate)
        => new(0, 0, 0, 0, 0, 0, seed, topK, learningRate);

    /// <summary>Epochs fully done (with validation and a metrics row).</summary>
    [JsonIgnore]
    public int CompletedEpochs => Epoch;

    /// <summary>The shuffle of an epoch: the same for the same seed and epoch, in any run.</summary>
    public static Random ShuffleOf(int seed, int epoch) => new(unchecked(seed * 1_000_003 + epoch));

    // the first value no run can reach, or null; the counters stay below int.MaxValue so that the next one still fits
    private string? Problem()
    {
        static bool Counter(int value) => value is >= 0 and < int.MaxValue;
        if (!Counter(Epoch)) return $"epoch {Epoch} lies outside [0, {int.MaxValue - 1}]";
        if (!Counter(Batch)) return $"batch {Batch} lies outside [0, {int.MaxValue - 1}]";
        if (!Counter(OptimizerStep)) return $"optimizer step {OptimizerStep} lies outside [0, {int.MaxValue - 1}]";
        static bool Amount(double value) => double.IsFinite(value) && value >= 0;
        if (!Amount(LearningRate)) return $"the learning rate {LearningRate} is not a finite non-negative number";
        if (!Amount(EpochLossSum) || !Amount(EpochLossWeight))
            return $"the epoch's loss sums {EpochLossSum} and {EpochLossWeight} are not finite non-negative numbers";
        if (!Amount(Seconds)) return $"the training time {Seconds} s is not a finite non-negative number";
        if (Atoms is not null && Atoms.Wins.Length != Atoms.UnusedEpochs.Length)
            return $"the atom activity holds {Atoms.Wins.Length} win counts, "
                + $"{Atoms.UnusedEpochs.Length} unused-epoch counts";
        if (Atoms is not null && (Atoms.UncountedRevived < 0 || Atoms.UncountedRevived > Atoms.Wins.Length))
            return $"the atom activity counts {Atoms.UncountedRevived} revived atoms of {Atoms.Wins.Length}";
        if (InitializerStopped is { } stop && (stop.Stage < 1 || stop.Stage > stop.Stages || stop.Done < 0
            || stop.Done > stop.Total))
            return $"the initializer's stop, step {stop.Done} of {stop.Total} in stage {stop.Stage} of {stop.Stages}, "
                + "is no step an initializer has";
        return null;
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static TrainingState FromJson(string json, string source)
    {
        try
        {
            var state = JsonSerializer.Deserialize<TrainingState>(json, Json)
                ?? throw new InvalidDataException($"{source}: the training state is empty");
            if (state.Problem() is { } problem)
                throw new InvalidDataException($"{source}: the training state is invalid: {problem}");
            return state;
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{source}: the training state is invalid: "
                + JsonObjectError.Describe(error, json, typeof(TrainingState), Json, "training state field"));
        }
    }
}
