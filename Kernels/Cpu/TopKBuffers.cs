namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Where a channel top-k reads z and writes code and mask, each [B, N, L] from its offset in its array, and its k.
/// A value, so a GEMM epilogue can carry it.
/// </summary>
/// <param name="Atoms">N: values per code column.</param>
/// <param name="Length">L: code columns per batch item.</param>
/// <param name="K">How many values each column keeps.</param>
/// <param name="Z">The array holding z.</param>
/// <param name="ZOffset">Where z starts in <paramref name="Z"/>.</param>
/// <param name="Code">The array receiving code = z * mask.</param>
/// <param name="CodeOffset">Where code starts in <paramref name="Code"/>.</param>
/// <param name="Mask">The array receiving the 0/1 mask.</param>
/// <param name="MaskOffset">Where the mask starts in <paramref name="Mask"/>.</param>
public readonly record struct TopKBuffers(int Atoms, int Length, int K, float[] Z, int ZOffset, float[] Code,
    int CodeOffset, float[] Mask, int MaskOffset);
