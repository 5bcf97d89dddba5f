namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// How one GEMM runs: its reduction's split, and the kernel that computes the products, the fp32 <see cref="Tile"/>
/// or the TF32 <see cref="Block"/> (whichever the backend's precision uses; the other is ignored).
/// </summary>
internal readonly record struct GemmPlan(SplitK Split, GemmTile Tile, Tf32Block Block);
