using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine;

/// <summary>
/// Maps a model's raw output to its representation's space. Under the hits loss the decoder's first H channels are
/// logits, and the sigmoid turns them into hit probabilities: a hit where the probability exceeds 0.5, that is where
/// the logit is positive. The other losses fit the representation's values directly, so their outputs pass unchanged.
/// The loss a model reports is always taken on the raw output, as in training.
/// </summary>
public static class OutputActivation
{
    /// <summary>
    /// signal [C, length] or [B, C, length] row-major, C = the model's input channels, in place: sigmoid on the hit
    /// rows under the hits loss, nothing otherwise.
    /// </summary>
    public static void Apply(AutoencoderConfig config, Span<float> signal, int length)
        => Apply(config.LossSpec, config.InputChannels, signal, length);

    /// <summary>
    /// signal [C, length] or [B, C, length] in place: sigmoid on rows c &lt; H under the hits loss
    /// <paramref name="loss"/>.
    /// </summary>
    public static void Apply(LossSpec loss, int channels, Span<float> signal, int length)
    {
        if (length < 1 || signal.Length % ((long)channels * length) != 0)
            throw new ArgumentException(
                $"a signal of {signal.Length} values is not a whole number of [{channels}, {length}] items");
        if (loss.Kind != LossKind.Hits) return;
        for (int row = 0; row < signal.Length / length; row++)
            if (row % channels < loss.HitChannels)
                System.Numerics.Tensors.TensorPrimitives.Sigmoid(signal.Slice(row * length, length),
                    signal.Slice(row * length, length));
    }
}
