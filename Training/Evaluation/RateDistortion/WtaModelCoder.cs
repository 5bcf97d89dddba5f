using TcnWtaNative.Engine;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// The model with its own encoder and winner-take-all: a bar of T steps holds T / K frames, so b non-zeros per bar
/// is channel top-k with k = b / (T / K) per frame (one-beat atoms at k = 1 are 4 per bar). Budgets that are not a
/// whole k per frame are not supported.
/// </summary>
public sealed class WtaModelCoder(Autoencoder model, int steps, int batchBars = 1024) : IBarCoder
{
    private int FramesPerBar => steps / model.Config.FrameLength;

    public string Method => "model";
    public int AtomsAt(int nonzerosPerBar) => model.Config.Atoms;

    public bool Supports(int nonzerosPerBar)
        => steps % model.Config.FrameLength == 0 && nonzerosPerBar % FramesPerBar == 0
           && nonzerosPerBar / FramesPerBar is var k && k >= 1 && k <= model.Config.Atoms;

    public string BudgetMeaning(int nonzerosPerBar)
        => $"k = {nonzerosPerBar / FramesPerBar} per {model.Config.FrameLength}-step frame, "
            + $"{FramesPerBar} frame(s) per bar";

    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        if (!Supports(nonzerosPerBar))
            throw new ArgumentException(
                $"the model's encoder cannot spend {nonzerosPerBar} non-zeros per bar: {FramesPerBar} frames per bar");
        int channels = model.Config.InputChannels, size = channels * steps;
        int previousK = model.TopK;
        model.TopK = nonzerosPerBar / FramesPerBar;
        var output = new float[count * size];
        for (int start = 0; start < count; start += batchBars)
        {
            int batch = Math.Min(batchBars, count - start);
            using var input = Tensor.FromHost(model.Backend, bars.AsSpan(start * size, batch * size), batch, channels,
                steps);
            var reconstruction = model.Forward(input).ToHost(model.Backend);
            OutputActivation.Apply(model.Config, reconstruction, steps);
            reconstruction.CopyTo(output, start * size);
        }
        model.TopK = previousK;
        return output;
    }
}
