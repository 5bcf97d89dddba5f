namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The block of c one group of <see cref="Tf32GemmKernel"/> owns: its warps are 32x32 warp tiles, two across the
/// block's 64 columns, so the block's rows fix the group size.
/// </summary>
public enum Tf32Block
{
    /// <summary>64x64 outputs per group of 4 warps (128 threads): for outputs too small to fill the device.</summary>
    Rows64,

    /// <summary>128x64 outputs per group of 8 warps (256 threads): each staged element of b feeds 128 rows.</summary>
    Rows128,
}
