namespace TcnWtaNative.Kernels;

/// <summary>The arithmetic of a backend's GEMMs and convolutions (every other op stays fp32).</summary>
public enum GemmPrecision
{
    /// <summary>fp32 products and sums: the default, and the only precision of the CPU backends.</summary>
    Fp32,

    /// <summary>
    /// Operands rounded to TF32 (10 mantissa bits, unit roundoff 2^-11) and multiplied on tensor cores, sums in fp32:
    /// the ILGPU backend only.
    /// </summary>
    Tf32,
}
