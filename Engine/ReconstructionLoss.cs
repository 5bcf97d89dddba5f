using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine;

/// <summary>
/// MSE, L1 or the hits loss between reconstruction and target [B, C, T], excluding masked (padding) time steps.
/// </summary>
public static class ReconstructionLoss
{
    /// <summary>
    /// The loss of prediction against target [B, C, T], masked time steps [B, T] excluded; writes dloss/dprediction [B,
    /// C, T] into <paramref name="gradient"/>. Shapes: prediction, target [B, C, T], timeMask [B, T] or null -> loss;
    /// gradient [B, C, T] = dloss/dprediction.
    /// </summary>
    public static float Compute(IComputeBackend backend, LossSpec loss, Tensor prediction, Tensor target,
        DeviceBuffer? timeMask, Tensor gradient)
    {
        if (!target.HasShape(prediction.Batch, prediction.Channels, prediction.Length))
            throw new ArgumentException($"the target {target} does not match the reconstruction {prediction}");
        return ComposedOps.Loss(backend, loss, prediction.Batch, prediction.Channels, prediction.Length,
            prediction.Buffer, target.Buffer, timeMask, gradient.Buffer);
    }
}
