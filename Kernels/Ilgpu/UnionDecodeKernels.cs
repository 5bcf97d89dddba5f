using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// <see cref="IComputeBackend.UnionDecode"/>: one thread per (frame, hit cell), the reference loop (the entry with the
/// largest g * hit there, the earliest on ties, writes g * atom down the cell's rows), so the output matches it bit for
/// bit.
/// </summary>
internal sealed class UnionDecodeKernels
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> _decode;

    public UnionDecodeKernels(Accelerator accelerator)
        => _decode = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, int, int, int>(Cell);

    public void UnionDecode(int frames, int entries, int frameSize, int hitCells, ArrayView<float> code,
        ArrayView<float> dictionary, ArrayView<float> output)
    {
        if (frames > 0) _decode(frames * hitCells, code, dictionary, output, entries, frameSize, hitCells);
    }

    // Thread i = (f, d): code[f, :, :] [E, 2] over dictionary [N, S] -> output[f, r] for r = d (mod H)
    private static void Cell(Index1D i, ArrayView<float> code, ArrayView<float> dictionary, ArrayView<float> output,
        int entries, int frameSize, int hitCells)
    {
        int f = i / hitCells, d = i % hitCells, best = -1;
        float gain = 0f, bestValue = 0f;
        for (int e = 0; e < entries; e++)
        {
            long entry = 2L * ((long)f * entries + e);
            int atom = (int)code[entry];
            if (atom < 0) continue;
            float value = code[entry + 1] * dictionary[(long)atom * frameSize + d];
            if (best >= 0 && value <= bestValue) continue;
            best = atom;
            gain = code[entry + 1];
            bestValue = value;
        }
        for (int r = d; r < frameSize; r += hitCells)
            output[(long)f * frameSize + r] = best < 0 ? 0f : gain * dictionary[(long)best * frameSize + r];
    }
}
