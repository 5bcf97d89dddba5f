namespace TcnWtaNative.Kernels;

/// <summary>
/// Argument checks every backend runs before an op, so a wrong shape is one clear error on any device.
/// </summary>
public static class ConvShapes
{
    /// <summary>Checks a convolution's geometry and buffer sizes.</summary>
    public static void Check(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? bias, DeviceBuffer y)
    {
        g.Validate();
        Expect(x, g.InputSize, "conv input");
        Expect(w, g.WeightSize, "conv weight");
        Expect(y, g.OutputSize, "conv output");
        if (bias is not null) Expect(bias, g.OutChannels, "conv bias");
    }

    internal static void Expect(DeviceBuffer buffer, long expected, string name)
    {
        if (buffer.Length != expected)
            throw new ArgumentException($"{name} holds {buffer.Length} elements where the shape needs {expected}");
    }
}
