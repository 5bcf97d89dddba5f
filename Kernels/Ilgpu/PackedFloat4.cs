namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Four adjacent floats held in registers: one 16-byte global load when read through a view cast to this type (the PTX
/// backend emits <c>ld.global.v4.f32</c> for a structure of four floats at a 16-byte aligned address), and one row of
/// four accumulators in the register-blocked GEMM.
/// </summary>
internal readonly record struct PackedFloat4(float X, float Y, float Z, float W)
{
    /// <summary>This + <paramref name="scale"/> * <paramref name="values"/>, lane by lane.</summary>
    public PackedFloat4 AddScaled(float scale, PackedFloat4 values)
        => new(X + scale * values.X, Y + scale * values.Y, Z + scale * values.Z, W + scale * values.W);
}
