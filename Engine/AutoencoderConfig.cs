using System.Text.Json;
using System.Text.Json.Serialization;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine;

/// <summary>
/// Everything that fixes the model's shape and behaviour (DESIGN section 2). Stored as JSON in every checkpoint.
/// </summary>
public sealed record AutoencoderConfig
{
    /// <summary>C: channels of the input signal (27 for the Groove grid, 388 for piano events).</summary>
    public required int InputChannels { get; init; }
    /// <summary>N: dictionary atoms.</summary>
    public required int Atoms { get; init; }
    /// <summary>K: atom length in time steps; the encoder's kernel and stride.</summary>
    public required int FrameLength { get; init; }
    /// <summary>Widths of the optional TCN blocks; empty for none. Block i uses dilation 2^i.</summary>
    public int[] TcnWidths { get; init; } = [];
    /// <summary>Kernel size of the TCN's causal convolutions.</summary>
    public int TcnKernel { get; init; } = 3;
    /// <summary>Which winner-take-all keeps the code sparse: channel top-k, spatial or lifetime.</summary>
    public SparsityKind Sparsity { get; init; } = SparsityKind.ChannelTopK;
    /// <summary>k of channel top-k.</summary>
    public int TopK { get; init; } = 1;
    /// <summary>Fraction of spatial winners each atom keeps across the batch under lifetime sparsity.</summary>
    public float LifetimeRate { get; init; } = 0.05f;
    /// <summary>The reconstruction loss: MSE, L1 or hits.</summary>
    public LossKind Loss { get; init; } = LossKind.Mse;
    /// <summary>
    /// H: the hit channels that come first in the signal under the hits loss (9 for the Groove grid), whose decoder
    /// outputs are logits; 0 for the other losses (and in checkpoints written before the field existed).
    /// </summary>
    public int HitChannels { get; init; }

    /// <summary>The loss with what it needs to know about the channels.</summary>
    [JsonIgnore]
    public LossSpec LossSpec => new(Loss, HitChannels);

    /// <summary>C': channels the encoder sees (the last TCN width, or C without a TCN).</summary>
    [JsonIgnore]
    public int EncoderChannels => TcnWidths.Length > 0 ? TcnWidths[^1] : InputChannels;

    /// <summary>
    /// Steps before a step that reach its TCN output: block i's two causal convolutions of kernel kt and dilation 2^i
    /// each look (kt − 1) 2^i steps back, so 2 (kt − 1) (2^blocks − 1); 0 without a TCN. The receptive field is
    /// one more.
    /// </summary>
    public long TcnContextSteps => TcnWidths.Length == 0 ? 0 : 2L * (TcnKernel - 1) * ((1L << TcnWidths.Length) - 1);

    /// <summary>Throws a clear error for a config no model can have.</summary>
    public void Validate()
    {
        if (InputChannels < 1)
            throw new ArgumentException($"the input needs at least one channel, got {InputChannels}");
        if (Atoms < 1) throw new ArgumentException($"the dictionary needs at least one atom, got {Atoms}");
        if (FrameLength < 1) throw new ArgumentException($"atoms need a length of at least 1, got {FrameLength}");
        if (TcnWidths.Any(width => width < 1))
            throw new ArgumentException($"TCN widths must be positive, got {string.Join(",", TcnWidths)}");
        if (TcnKernel < 1) throw new ArgumentException($"the TCN kernel must be at least 1, got {TcnKernel}");
        ModelLimits.CheckModel(this);
        if (Sparsity == SparsityKind.ChannelTopK && (TopK < 1 || TopK > Atoms))
            throw new ArgumentException($"top-k needs 1 <= k <= atoms, got k = {TopK} with {Atoms} atoms");
        if (Sparsity == SparsityKind.Lifetime && !(LifetimeRate > 0 && LifetimeRate <= 1))
            throw new ArgumentException($"the lifetime rate must lie in (0, 1], got {LifetimeRate}");
        LossSpec.Validate(InputChannels);
    }

    /// <summary>The JSON settings a checkpoint stores the config with (snake_case names, kebab-case enums).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>The config as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// Reads and validates what <see cref="ToJson"/> wrote; JSON that is not a config object is an
    /// <see cref="InvalidDataException"/> in plain words (<see cref="JsonObjectError"/>), an impossible model an
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public static AutoencoderConfig FromJson(string json)
    {
        AutoencoderConfig config;
        try
        {
            config = JsonSerializer.Deserialize<AutoencoderConfig>(json, Json)
                ?? throw new JsonException("null in place of the config object");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException(
                JsonObjectError.Describe(error, json, typeof(AutoencoderConfig), Json, "model config field"));
        }
        config.Validate();
        return config;
    }
}
