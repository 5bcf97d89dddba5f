namespace TcnWtaNative.Kernels;

/// <summary>Checks for losses over [B, C, T] with a time mask [B, T].</summary>
public static class LossShapes
{
    /// <summary>Checks the prediction, target, mask and gradient buffers of a loss.</summary>
    public static void Check(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
    {
        long size = (long)batch * channels * length;
        ConvShapes.Expect(prediction, size, "prediction");
        ConvShapes.Expect(target, size, "target");
        ConvShapes.Expect(gradient, size, "loss gradient");
        if (timeMask is not null) ConvShapes.Expect(timeMask, (long)batch * length, "time mask");
    }

    /// <summary>Checks the buffers of a loss and that <paramref name="loss"/> fits its channels.</summary>
    public static void Check(LossSpec loss, int batch, int channels, int length, DeviceBuffer prediction,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer gradient)
    {
        loss.Validate(channels);
        Check(batch, channels, length, prediction, target, timeMask, gradient);
    }
}
