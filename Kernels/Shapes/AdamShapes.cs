namespace TcnWtaNative.Kernels;

/// <summary>Checks for an Adam step's four equally long buffers.</summary>
public static class AdamShapes
{
    /// <summary>Checks the parameter, gradient and moment buffers of an Adam step.</summary>
    public static void Check(int step, DeviceBuffer parameters, DeviceBuffer gradients, DeviceBuffer firstMoment,
        DeviceBuffer secondMoment)
    {
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), $"Adam steps count from 1, got {step}");
        ConvShapes.Expect(gradients, parameters.Length, "gradients");
        ConvShapes.Expect(firstMoment, parameters.Length, "Adam first moment");
        ConvShapes.Expect(secondMoment, parameters.Length, "Adam second moment");
    }
}
