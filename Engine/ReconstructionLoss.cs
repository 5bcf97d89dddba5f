using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine;

/// <summary>MSE or L1 between reconstruction and target [B, C, T], excluding masked (padding) time steps.</summary>
public static class ReconstructionLoss
{
    /// <summary>The loss of prediction against target [B, C, T], masked time steps [B, T] excluded; writes dloss/dprediction [B, C, T] into <paramref name="gradient"/>. Shapes: prediction, target [B, C, T], timeMask [B, T] or null -> loss; gradient [B, C, T] = dloss/dprediction.</summary>
    public static float Compute(IComputeBackend backend, LossKind kind, Tensor prediction, Tensor target, DeviceBuffer? timeMask, Tensor gradient)
    {
        if (!target.HasShape(prediction.Batch, prediction.Channels, prediction.Length))
            throw new ArgumentException($"the target {target} does not match the reconstruction {prediction}");
        return kind switch
        {
            LossKind.Mse => backend.MseLoss(prediction.Batch, prediction.Channels, prediction.Length, prediction.Buffer, target.Buffer, timeMask, gradient.Buffer),
            LossKind.L1 => backend.L1Loss(prediction.Batch, prediction.Channels, prediction.Length, prediction.Buffer, target.Buffer, timeMask, gradient.Buffer),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown loss"),
        };
    }
}
