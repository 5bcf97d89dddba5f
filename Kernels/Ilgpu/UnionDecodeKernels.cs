using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// <see cref="IComputeBackend.UnionDecode"/>: one thread per (frame, hit cell), the reference loop (the entry with the
/// largest g * h there, the earliest on ties, decides the cell: where g * h lights it, 1 on the hit row and down the
/// cell's other rows the atom's value over h, clamped; elsewhere 0 on every row), so the output matches it bit for
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
        float bestValue = 0f;
        for (int e = 0; e < entries; e++)
        {
            long entry = 2L * ((long)f * entries + e);
            int atom = (int)code[entry];
            if (atom < 0) continue;
            float value = code[entry + 1] * dictionary[(long)atom * frameSize + d];
            if (best >= 0 && value <= bestValue) continue;
            best = atom;
            bestValue = value;
        }
        if (best < 0 || !(bestValue > ThresholdSearchShapes.HitLevel))
        {
            for (int r = d; r < frameSize; r += hitCells) output[(long)f * frameSize + r] = 0f;
            return;
        }
        long atomStart = (long)best * frameSize;
        float hit = dictionary[atomStart + d];
        output[(long)f * frameSize + d] = 1f;
        for (int r = d + hitCells; r < frameSize; r += hitCells)
            output[(long)f * frameSize + r] = Conditional(dictionary[atomStart + r] / hit, r < 2 * hitCells);
    }

    // a lit cell's velocity (in [0, 1]) or offset (in [-1, 1]) as the atom's value over its hit value
    private static float Conditional(float value, bool velocity)
    {
        float low = velocity ? 0f : -1f;
        return value < low ? low : value > 1f ? 1f : value;
    }
}
