using System.Runtime.CompilerServices;

namespace TcnWtaNative.Kernels.Cpu;

public sealed partial class SparseFrameCodes
{
    private readonly NonZeroBuckets _inputFrames = new();

    /// <summary>
    /// dw[n, c*K+j] = sum_(b,l) code[b,n,l] x[b,c,l*K+j] for every atom, added to dw when accumulating, where the input
    /// x[B, C, L*K] is mostly zeros as well (an onset roll): each of the code's non-zeros meets only the non-zeros of
    /// its frame of x, found by one sort of x by frame, with no im2row. Each sum adds its terms in frame order.
    /// </summary>
    public void WeightGradientOfSparseInput(int batch, int atoms, int length, int kernel, int frameWidth, float[] code,
        int codeOffset, float[] x, int xOffset, float[] dw, int dwOffset, bool accumulate)
    {
        var operands = new Operands(batch, atoms, length, frameWidth, code, codeOffset, dw, dwOffset, x, xOffset, 1);
        _atomTerms.Sort(code.AsSpan(codeOffset, batch * atoms * length), atoms, new AtomOfCode(atoms, length));
        _inputFrames.Sort(x.AsSpan(xOffset, batch * length * frameWidth), batch * length,
            new FrameOfSignal(frameWidth / kernel, length, kernel));
        _weightGradient.Set(operands, _atomTerms, accumulate, _inputFrames);
        CoreWorkers.Run(_weightGradient, _weightGradient.Items);
        _weightGradient.Clear();
    }

    // gradient[col] += scale * value for frame's non-zeros (col, value), one fused multiply-add each
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledNonZeros(NonZeroBuckets frames, int frame, float scale, Span<float> gradient)
    {
        for (int i = frames.Starts[frame]; i < frames.Starts[frame + 1]; i++)
        {
            ref float value = ref gradient[frames.Payloads[i]];
            value = MathF.FusedMultiplyAdd(frames.Values[i], scale, value);
        }
    }

    /// <summary>
    /// A signal's non-zeros by frame (<see cref="NonZeroBuckets"/>): x[B, C, L*K]'s flat index (b*C + c)*L*K + l*K + j
    /// goes to bucket b*L + l with its frame column c*K + j, so each frame's entries come in column order.
    /// </summary>
    private readonly struct FrameOfSignal(int channels, int length, int kernel) : NonZeroBuckets.IKey
    {
        public (int Bucket, int Payload) Of(int index)
        {
            int steps = length * kernel, row = index / steps, t = index - row * steps;
            int b = row / channels, c = row - b * channels;
            return (b * length + t / kernel, c * kernel + t % kernel);
        }
    }
}
