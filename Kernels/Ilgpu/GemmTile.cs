namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>Which ILGPU GEMM kernel computes a shape: the block of c one 256-thread group owns.</summary>
public enum GemmTile
{
    /// <summary>
    /// <see cref="TiledGemmKernel"/>: 32x32 outputs per group, 2x2 per thread; many groups for small outputs.
    /// </summary>
    Block32,

    /// <summary>
    /// <see cref="RegisterBlockedGemmKernel"/>: 64x64 outputs per group, 4x4 per thread, double-buffered, vector loads.
    /// </summary>
    Block64,

    /// <summary>
    /// <see cref="RegisterBlocked128GemmKernel"/>: 128x128 outputs per group, 8x8 per thread, double-buffered, vector
    /// loads; only when forced, until a GPU has timed it.
    /// </summary>
    Block128,
}
