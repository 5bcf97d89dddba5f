using ILGPU;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Rounding a float to TF32 exactly as PTX's <c>cvt.rna.tf32.f32</c> does: to the nearest value with 10 explicit
/// mantissa bits (unit roundoff 2^-11), ties away from zero, the result still a float whose low 13 mantissa bits are
/// zero. NaN and infinity pass unchanged; a carry out of the mantissa raises the exponent (the largest floats round
/// to infinity); subnormals round at the same bit position. One function serves the host and the kernels.
/// </summary>
public static class Tf32Rounding
{
    /// <summary>Mantissa bits a float keeps beyond TF32's 10.</summary>
    public const int DroppedBits = 13;

    /// <summary>TF32's unit roundoff: the largest relative error of one rounding.</summary>
    public const double UnitRoundoff = 1.0 / 2048;

    private const uint ExponentMask = 0x7F80_0000;
    private const uint KeptMask = ~((1u << DroppedBits) - 1);
    private const uint Half = 1u << (DroppedBits - 1);

    /// <summary><paramref name="value"/> rounded to TF32 (ties away from zero), as a float.</summary>
    public static float Round(float value)
    {
        uint bits = Interop.FloatAsInt(value);
        if ((bits & ExponentMask) == ExponentMask) return value;
        // Sign and magnitude: adding half a TF32 ulp to the magnitude bits rounds ties away from zero for either sign.
        return Interop.IntAsFloat((bits + Half) & KeptMask);
    }

    /// <summary>Each of the four values rounded to TF32.</summary>
    internal static PackedFloat4 Round(PackedFloat4 values)
        => new(Round(values.X), Round(values.Y), Round(values.Z), Round(values.W));
}
