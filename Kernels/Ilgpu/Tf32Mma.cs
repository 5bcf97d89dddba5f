using ILGPU;
using ILGPU.Runtime.Cuda;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// One warp-wide <c>mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32</c>: D[16,8] = A[16,8] · B[8,8] + C[16,8],
/// with every operand held in registers spread over the 32 lanes as the PTX ISA's m16n8k8 .tf32 figures lay them out
/// (<see cref="Tf32AFragment"/>, <see cref="Tf32BFragment"/>, <see cref="Tf32Accumulator"/>). The operands arrive
/// already rounded to TF32 (<see cref="Tf32Rounding"/>, once, when a kernel stages them), so the tensor core reads
/// their bits unchanged. On CUDA it is the tensor-core instruction through inline PTX; on any other accelerator the
/// same data flow emulated: operands gathered from the lanes that hold them by warp shuffles, products accumulated in
/// fp32 (k = 0, 4, 1, 5, 2, 6, 3, 7).
/// </summary>
/// <remarks>
/// ILGPU 1.5.3 passes every inline-PTX operand through memory: <c>CudaAsm.Emit</c> takes at most one output, and
/// <c>CudaAsm.EmitRef</c> (the only form with four outputs) hands the PTX generator the address of each argument,
/// which loads every input from it before the instruction and stores every output to it after. The wrappers below are
/// kernel locals, so that memory is <c>.local</c>: each mma is framed by local loads and stores in the PTX, which
/// ptxas may or may not fold into registers (not checked without a GPU).
/// </remarks>
internal static class Tf32Mma
{
    /// <summary>The tensor-core instruction; C's registers are read and overwritten with D.</summary>
    internal const string MmaPtx = "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 "
        + "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};";

    // c + A · B for the fragments this lane holds; every lane of the warp must call it together.
    public static Tf32Accumulator Multiply(Tf32Accumulator c, Tf32AFragment a, Tf32BFragment b)
    {
        if (!CudaAsm.IsSupported) return Emulate(c, a, b);
        Ref<float> d0 = c.C0, d1 = c.C1, d2 = c.C2, d3 = c.C3;
        Input<uint> a0 = Interop.FloatAsInt(a.A0), a1 = Interop.FloatAsInt(a.A1);
        Input<uint> a2 = Interop.FloatAsInt(a.A2), a3 = Interop.FloatAsInt(a.A3);
        Input<uint> b0 = Interop.FloatAsInt(b.B0), b1 = Interop.FloatAsInt(b.B1);
        CudaAsm.EmitRef(MmaPtx, ref d0, ref d1, ref d2, ref d3, ref a0, ref a1, ref a2, ref a3, ref b0, ref b1);
        return new Tf32Accumulator(d0.Value, d1.Value, d2.Value, d3.Value);
    }

    // The lane holding C[g, 2t] (and its neighbours) needs rows g and g+8 of A and columns 2t, 2t+1 of B: A[., k]
    // sits in lane 4g + k%4 (registers A0/A1 for k < 4, A2/A3 above), B[k, j] in lane 4j + k%4 (B0 below 4, B1 above).
    // Each shuffle moves a lane's whole fragment, so a source slot costs three shuffles, not eight.
    private static Tf32Accumulator Emulate(Tf32Accumulator c, Tf32AFragment a, Tf32BFragment b)
    {
        int lane = Warp.LaneIdx, g = lane >> 2, t = lane & 3;
        float c0 = c.C0, c1 = c.C1, c2 = c.C2, c3 = c.C3;
        var mine = new Fragment(a.A0, a.A1, a.A2, a.A3, b.B0, b.B1);
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
        return new Tf32Accumulator(c0, c1, c2, c3);
    }

    /// <summary>The A and B registers one lane holds for one mma.</summary>
    private readonly record struct Fragment(float A0, float A1, float A2, float A3, float B0, float B1);
}
