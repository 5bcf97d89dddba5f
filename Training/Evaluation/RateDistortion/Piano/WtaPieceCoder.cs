using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// The model with its own encoder and winner-take-all: b non-zeros per second is channel top-k with k = b·K/f per
/// K-step frame; budgets that are not a whole k (or exceed N) are not supported. The piece [C, T] goes through the
/// network whole (padded to ceil(T / K) frames); the non-zeros are counted in its code [N, ceil(T / K)].
/// </summary>
public sealed class WtaPieceCoder(Autoencoder model, StepRate rate) : IPieceCoder
{
    private int FrameLength => model.Config.FrameLength;

    public string Method => "model";
    public int Atoms => model.Config.Atoms;

    public string? Unsupported(int nonzerosPerSecond)
    {
        if (model.Config.Sparsity != SparsityKind.ChannelTopK)
            return $"the model's {model.Config.Sparsity} sparsity has no k per frame";
        double perFrame = nonzerosPerSecond * FrameLength / rate.StepsPerSecond;
        return rate.PerFrame(nonzerosPerSecond, FrameLength) is { } k && k <= Atoms ? null
            : $"{nonzerosPerSecond}/s is {perFrame:0.###} per {FrameLength}-step frame, not a whole k in 1..{Atoms}";
    }

    public string BudgetMeaning(int nonzerosPerSecond)
        => $"k = {rate.PerFrame(nonzerosPerSecond, FrameLength)} per {FrameLength}-step frame";

    public PieceCode Reconstruct(float[] signal, int length, int nonzerosPerSecond)
    {
        if (Unsupported(nonzerosPerSecond) is { } reason)
            throw new ArgumentException($"the model's encoder cannot spend this budget: {reason}");
        int channels = model.Config.InputChannels, previousK = model.TopK;
        model.TopK = rate.PerFrame(nonzerosPerSecond, FrameLength)!.Value;
        try
        {
            using var input = Tensor.FromHost(model.Backend, signal, 1, channels, length);
            var output = model.Forward(input);
            // reconstruction [1, C, ceil(T / K) * K] -> [C, T]
            var reconstruction = output.ToHost(model.Backend);
            OutputActivation.Apply(model.Config, reconstruction, output.Length);
            int nonzeros = model.Code.ToHost(model.Backend).Count(v => v != 0);
            return new PieceCode(SignalRows.TrimToLength(reconstruction, channels, output.Length, length), nonzeros);
        }
        finally
        {
            model.TopK = previousK;
        }
    }
}
