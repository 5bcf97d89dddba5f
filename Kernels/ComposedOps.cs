namespace TcnWtaNative.Kernels;

/// <summary>
/// Each fused op of <see cref="IComputeBackend"/> as the unfused ops it replaces, run one after the other on the same
/// backend: the definition a fused kernel must match, and the implementation of backends without one (the scalar
/// baseline, ILGPU until a fused kernel is tuned on a GPU).
/// </summary>
public static class ComposedOps
{
    /// <summary>
    /// x[B,Cin,Tin] -> z, code, mask [B,Cout,Tout]: <see cref="IComputeBackend.Conv1dForward"/> (no bias), then channel
    /// top-k.
    /// </summary>
    public static void Conv1dForwardTopKChannels(IComputeBackend backend, in ConvGeometry g, DeviceBuffer x,
        DeviceBuffer w, int k, DeviceBuffer z, DeviceBuffer code, DeviceBuffer mask)
    {
        SparsityShapes.CheckTopK(g.OutChannels, k);
        backend.Conv1dForward(g, x, w, null, z);
        backend.TopKChannels(g.Batch, g.OutChannels, g.OutLength, k, z, code, mask);
    }

    /// <summary>
    /// y[B,Cout,Tout] = <see cref="IComputeBackend.Conv1dForward"/> (no bias), then times mask [B,Cout,Tout]: the
    /// decoder's input gradient behind the winner mask.
    /// </summary>
    public static void Conv1dForwardMasked(IComputeBackend backend, in ConvGeometry g, DeviceBuffer x, DeviceBuffer w,
        DeviceBuffer mask, DeviceBuffer y)
    {
        ConvShapes.Expect(mask, g.OutputSize, nameof(mask));
        backend.Conv1dForward(g, x, w, null, y);
        backend.Multiply(y, mask, y);
    }

    /// <summary>
    /// dy[B,Cout,Tout] -> prediction[B,Cin,Tin] (the conv's input adjoint, overwritten), then its loss against target;
    /// returns the loss.
    /// </summary>
    public static float Conv1dBackwardInputWithLoss(IComputeBackend backend, in ConvGeometry g, DeviceBuffer dy,
        DeviceBuffer w, LossSpec loss,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer prediction, DeviceBuffer gradient)
    {
        backend.Conv1dBackwardInput(g, dy, w, prediction, accumulate: false);
        return Loss(backend, loss, g.Batch, g.InChannels, g.InLength, prediction, target, timeMask, gradient);
    }

    /// <summary>
    /// The backend's <see cref="IComputeBackend.MseLoss"/>, <see cref="IComputeBackend.L1Loss"/> or
    /// <see cref="IComputeBackend.HitLoss"/>, as <paramref name="loss"/> says.
    /// </summary>
    public static float Loss(IComputeBackend backend, LossSpec loss, int batch, int channels, int length,
        DeviceBuffer prediction, DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer gradient) => loss.Kind switch
    {
        LossKind.Mse => backend.MseLoss(batch, channels, length, prediction, target, timeMask, gradient),
        LossKind.L1 => backend.L1Loss(batch, channels, length, prediction, target, timeMask, gradient),
        LossKind.Hits
            => backend.HitLoss(batch, channels, length, loss.HitChannels, prediction, target, timeMask, gradient),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss.Kind, "unknown loss"),
    };
}
