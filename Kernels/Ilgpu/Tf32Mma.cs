using ILGPU;
using ILGPU.Runtime.Cuda;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// One warp-wide <c>mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32</c>: D[16,8] = A[16,8] · B[8,8] + C[16,8],
/// with every operand held in registers spread over the 32 lanes as the PTX ISA's m16n8k8 .tf32 figures lay them out
/// (g = lane / 4, t = lane % 4):
/// a0 = A[g, t], a1 = A[g+8, t], a2 = A[g, t+4], a3 = A[g+8, t+4]; b0 = B[t, g], b1 = B[t+4, g];
/// c0 = C[g, 2t], c1 = C[g, 2t+1], c2 = C[g+8, 2t], c3 = C[g+8, 2t+1] (D likewise, in place of C).
/// On CUDA it is the tensor-core instruction through inline PTX, operands rounded by <c>cvt.rna.tf32.f32</c>; on any
/// other accelerator the same data flow emulated: operands rounded by <see cref="Tf32Rounding"/>, gathered from the
/// lanes that hold them by warp shuffles, products accumulated in fp32 (k = 0, 4, 1, 5, 2, 6, 3, 7).
/// </summary>
internal static class Tf32Mma
{
    /// <summary>The tensor-core instruction; C's registers are read and overwritten with D.</summary>
    internal const string MmaPtx = "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 "
        + "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};";

    /// <summary>Rounds a float register to TF32 (the result is a .b32 register holding the TF32 bits).</summary>
    internal const string RoundPtx = "cvt.rna.tf32.f32 %0, %1;";

    // (c0..c3) += A · B for the fragments this lane holds; every lane of the warp must call it together.
    public static void Accumulate(ref float c0, ref float c1, ref float c2, ref float c3,
        float a0, float a1, float a2, float a3, float b0, float b1)
    {
        if (CudaAsm.IsSupported)
        {
            Ref<float> d0 = c0, d1 = c1, d2 = c2, d3 = c3;
            Input<uint> ra0 = RoundOnDevice(a0), ra1 = RoundOnDevice(a1), ra2 = RoundOnDevice(a2);
            Input<uint> ra3 = RoundOnDevice(a3), rb0 = RoundOnDevice(b0), rb1 = RoundOnDevice(b1);
            CudaAsm.EmitRef(MmaPtx, ref d0, ref d1, ref d2, ref d3,
                ref ra0, ref ra1, ref ra2, ref ra3, ref rb0, ref rb1);
            (c0, c1, c2, c3) = (d0.Value, d1.Value, d2.Value, d3.Value);
        }
        else
        {
            Emulate(ref c0, ref c1, ref c2, ref c3, Tf32Rounding.Round(a0), Tf32Rounding.Round(a1),
                Tf32Rounding.Round(a2), Tf32Rounding.Round(a3), Tf32Rounding.Round(b0), Tf32Rounding.Round(b1));
        }
    }

    private static uint RoundOnDevice(float value)
    {
        CudaAsm.Emit(RoundPtx, out uint rounded, value);
        return rounded;
    }

    // The lane holding C[g, 2t] (and its neighbours) needs rows g and g+8 of A and columns 2t, 2t+1 of B: A[., k]
    // sits in lane 4g + k%4 (registers a0/a1 for k < 4, a2/a3 above), B[k, j] in lane 4j + k%4 (b0 below 4, b1 above).
    // Each shuffle moves a lane's whole fragment, so a source slot costs three shuffles, not eight.
    private static void Emulate(ref float c0, ref float c1, ref float c2, ref float c3,
        float a0, float a1, float a2, float a3, float b0, float b1)
    {
        int lane = Warp.LaneIdx, g = lane >> 2, t = lane & 3;
        var mine = new Fragment(a0, a1, a2, a3, b0, b1);
        for (int slot = 0; slot < 4; slot++)
        {
            var rows = Warp.Shuffle(mine, 4 * g + slot);
            var left = Warp.Shuffle(mine, 4 * (2 * t) + slot);
            var right = Warp.Shuffle(mine, 4 * (2 * t + 1) + slot);
            c0 += rows.A0 * left.B0; // k = slot
            c1 += rows.A0 * right.B0;
            c2 += rows.A1 * left.B0;
            c3 += rows.A1 * right.B0;
            c0 += rows.A2 * left.B1; // k = slot + 4
            c1 += rows.A2 * right.B1;
            c2 += rows.A3 * left.B1;
            c3 += rows.A3 * right.B1;
        }
    }

    /// <summary>The A and B registers one lane holds for one mma.</summary>
    private readonly record struct Fragment(float A0, float A1, float A2, float A3, float B0, float B1);
}
