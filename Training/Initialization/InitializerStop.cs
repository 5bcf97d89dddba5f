using System.Text.Json;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// Where a signal stopped an atom initializer short of its end: the initializer as --init-atoms spells it and its last
/// step done, step <see cref="Done"/> of <see cref="Total"/> of the stage <see cref="StageName"/>, stage
/// <see cref="Stage"/> of <see cref="Stages"/> (<see cref="InitializerStages"/>). Kept in the training state, and as
/// JSON in the model file under <see cref="MetadataKey"/>, so a model whose atoms a cut-short initializer left says so.
/// </summary>
public sealed record InitializerStop(string Initializer, int Stage, int Stages, string StageName, int Done, int Total)
{
    /// <summary>The model metadata key, present only in the files of a run whose initializer was stopped.</summary>
    public const string MetadataKey = "atom_initializer_stopped";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>"--init-atoms kmeans-union stopped after k-means rounds 12/30 (stage 2 of 3)".</summary>
    public string Describe()
        => $"--init-atoms {Initializer} stopped after {StageName} {Done}/{Total} (stage {Stage} of {Stages})";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// The stop read back from <see cref="ToJson"/>'s text; a <see cref="JsonException"/> when it is damaged.
    /// </summary>
    public static InitializerStop FromJson(string json)
        => JsonSerializer.Deserialize<InitializerStop>(json, Json) ?? throw new JsonException("an empty stop");
}
