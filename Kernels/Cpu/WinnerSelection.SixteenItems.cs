using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TcnWtaNative.Kernels.Cpu.CompileTimeCounts;
namespace TcnWtaNative.Kernels.Cpu;

public static partial class WinnerSelection
{
    private const int ItemsAtOnce = 16;

    /// <summary>
    /// The selection of sixteen items of one step each (L = 1, k &lt;= 8, AVX-512): item b's N values are a row
    /// z[b, 0..N) of its own. Blocks of 16 atoms of the 16 rows are transposed by shuffles, so each atom's 16 values
    /// are one vector, lane i item i, and pass the max/min cascade of <see cref="SelectEightSteps"/>, k deep as a
    /// compile-time count so that its vectors stay in registers (the last N % 16 atoms gathered one value at a time;
    /// 1.7-2x faster than eight items at a time for groove's 100 atoms, top 4). Each row is then written in one pass
    /// of 16-value vectors, keeping the values at or above its threshold, wherever the values equal to it are as many
    /// as its ties; a row with more such values keeps the first ones in atom order, as <see cref="Keep"/> does.
    /// </summary>
    private static void SelectSixteenItems(in TopKBuffers buffers, int column)
    {
        switch (buffers.K)
        {
            case 1: SelectSixteenItems<One>(buffers, column); break;
            case 2: SelectSixteenItems<Two>(buffers, column); break;
            case 3: SelectSixteenItems<Three>(buffers, column); break;
            case 4: SelectSixteenItems<Four>(buffers, column); break;
            case 5: SelectSixteenItems<Five>(buffers, column); break;
            case 6: SelectSixteenItems<Six>(buffers, column); break;
            case 7: SelectSixteenItems<Seven>(buffers, column); break;
            default: SelectSixteenItems<Eight>(buffers, column); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SelectSixteenItems<TDepth>(in TopKBuffers buffers, int column) where TDepth : struct, ICount
    {
        int atoms = buffers.Atoms, first = buffers.ZOffset + column * atoms;
        var lowest = Vector512.Create(float.NegativeInfinity);
        Vector512<float> b0 = lowest, b1 = lowest, b2 = lowest, b3 = lowest, b4 = lowest, b5 = lowest, b6 = lowest,
            b7 = lowest;   // each lane's k largest so far, descending
        Span<Vector512<float>> block = stackalloc Vector512<float>[ItemsAtOnce],
            scratch = stackalloc Vector512<float>[ItemsAtOnce];
        var z = buffers.Z.AsSpan(first, ItemsAtOnce * atoms);
        Span<float> lanes = stackalloc float[ItemsAtOnce];
        for (int n = 0; n < atoms; n += ItemsAtOnce)
        {
            int count = Math.Min(ItemsAtOnce, atoms - n);
            if (count == ItemsAtOnce)
            {
                for (int i = 0; i < ItemsAtOnce; i++) block[i] = Vector512.Create(z.Slice(i * atoms + n, ItemsAtOnce));
                Transpose(block, scratch);
            }
            else
                for (int j = 0; j < count; j++)
                {
                    for (int i = 0; i < ItemsAtOnce; i++) lanes[i] = z[i * atoms + n + j];
                    block[j] = Vector512.Create(lanes);
                }
            for (int j = 0; j < count; j++)
            {
                var value = block[j];
                value = Vector512.ConditionalSelect(Vector512.Equals(value, value), value, lowest);   // NaN: never
                (b0, value) = (Vector512.MaxNative(b0, value), Vector512.MinNative(b0, value));
                if (TDepth.Count > 1) (b1, value) = (Vector512.MaxNative(b1, value), Vector512.MinNative(b1, value));
                if (TDepth.Count > 2) (b2, value) = (Vector512.MaxNative(b2, value), Vector512.MinNative(b2, value));
                if (TDepth.Count > 3) (b3, value) = (Vector512.MaxNative(b3, value), Vector512.MinNative(b3, value));
                if (TDepth.Count > 4) (b4, value) = (Vector512.MaxNative(b4, value), Vector512.MinNative(b4, value));
                if (TDepth.Count > 5) (b5, value) = (Vector512.MaxNative(b5, value), Vector512.MinNative(b5, value));
                if (TDepth.Count > 6) (b6, value) = (Vector512.MaxNative(b6, value), Vector512.MinNative(b6, value));
                if (TDepth.Count > 7) b7 = Vector512.MaxNative(b7, value);
            }
        }
        var threshold = TDepth.Count switch { 1 => b0, 2 => b1, 3 => b2, 4 => b3, 5 => b4, 6 => b5, 7 => b6, _ => b7 };
        var tieCounts = Vector512.Create(TDepth.Count)   // per lane: k less the held values above the threshold
            + Vector512.GreaterThan(b0, threshold).AsInt32() + Vector512.GreaterThan(b1, threshold).AsInt32()
            + Vector512.GreaterThan(b2, threshold).AsInt32() + Vector512.GreaterThan(b3, threshold).AsInt32()
            + Vector512.GreaterThan(b4, threshold).AsInt32() + Vector512.GreaterThan(b5, threshold).AsInt32()
            + Vector512.GreaterThan(b6, threshold).AsInt32();
        Span<float> thresholds = stackalloc float[ItemsAtOnce];
        Span<int> ties = stackalloc int[ItemsAtOnce];
        threshold.CopyTo(thresholds);
        tieCounts.CopyTo(ties);
        for (int i = 0; i < ItemsAtOnce; i++) KeepRow(buffers, column + i, thresholds[i], ties[i]);
    }

    // one item's row of code and mask: the values at or above the threshold when just `ties` of them equal it, else
    // the values above it and the first `ties` equal to it (Keep, on a copy of the row: code or mask may be z itself)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KeepRow(in TopKBuffers buffers, int column, float threshold, int ties)
    {
        int atoms = buffers.Atoms, first = column * atoms;
        var z = buffers.Z.AsSpan(buffers.ZOffset + first, atoms);
        var limit = Vector512.Create(threshold);
        int equal = 0, n = 0;
        for (; n + ItemsAtOnce <= atoms; n += ItemsAtOnce)
            equal += BitOperations.PopCount(Vector512.Equals(Vector512.Create(z.Slice(n, ItemsAtOnce)), limit)
                .ExtractMostSignificantBits());
        for (; n < atoms; n++) equal += z[n] == threshold ? 1 : 0;
        if (equal != ties)
        {
            GrowColumnScratch(atoms);
            var values = _columnValues.AsSpan(0, atoms);
            z.CopyTo(values);
            Keep(buffers, first, values, threshold, ties);
            return;
        }
        var code = buffers.Code.AsSpan(buffers.CodeOffset + first, atoms);
        var mask = buffers.Mask.AsSpan(buffers.MaskOffset + first, atoms);
        for (n = 0; n + ItemsAtOnce <= atoms; n += ItemsAtOnce)
        {
            var value = Vector512.Create(z.Slice(n, ItemsAtOnce));
            var keep = Vector512.GreaterThanOrEqual(value, limit);
            (keep & Vector512<float>.One).CopyTo(mask.Slice(n, ItemsAtOnce));
            (keep & value).CopyTo(code.Slice(n, ItemsAtOnce));
        }
        for (; n < atoms; n++)
        {
            float value = z[n];
            bool keep = value >= threshold;
            mask[n] = keep ? 1f : 0f;
            code[n] = keep ? value : 0f;
        }
    }

    // block[i][j] -> block[j][i]: a 16 x 16 transpose in four rounds of shuffles (pairs of floats, pairs of pairs,
    // then 128-bit quarters twice)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(Span<Vector512<float>> block, Span<Vector512<float>> t)
    {
        for (int i = 0; i < ItemsAtOnce; i += 2)
        {
            t[i] = Avx512F.UnpackLow(block[i], block[i + 1]);
            t[i + 1] = Avx512F.UnpackHigh(block[i], block[i + 1]);
        }
        for (int i = 0; i < ItemsAtOnce; i += 4)
        {
            block[i] = Avx512F.UnpackLow(t[i].AsDouble(), t[i + 2].AsDouble()).AsSingle();
            block[i + 1] = Avx512F.UnpackHigh(t[i].AsDouble(), t[i + 2].AsDouble()).AsSingle();
            block[i + 2] = Avx512F.UnpackLow(t[i + 1].AsDouble(), t[i + 3].AsDouble()).AsSingle();
            block[i + 3] = Avx512F.UnpackHigh(t[i + 1].AsDouble(), t[i + 3].AsDouble()).AsSingle();
        }
        for (int h = 0; h < ItemsAtOnce; h += 8)
        for (int m = 0; m < 4; m++)
        {
            t[h + m] = Avx512F.Shuffle4x128(block[h + m], block[h + m + 4], 0x88);
            t[h + m + 4] = Avx512F.Shuffle4x128(block[h + m], block[h + m + 4], 0xDD);
        }
        for (int m = 0; m < 8; m++)
        {
            block[m] = Avx512F.Shuffle4x128(t[m], t[m + 8], 0x88);
            block[m + 8] = Avx512F.Shuffle4x128(t[m], t[m + 8], 0xDD);
        }
    }
}
