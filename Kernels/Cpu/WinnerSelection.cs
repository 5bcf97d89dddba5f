using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The three winner-take-all sparsifiers on z[B, N, L], writing code = z * mask and mask in {0, 1}.
/// Every selection keeps "the k largest, ties to the lower index": find the k-th largest value v, keep all
/// values above v, then the first (k - count above) values equal to v in index order. That matches a stable
/// sort by (value descending, index ascending) without sorting each column.
/// </summary>
public static partial class WinnerSelection
{
    /// <summary>
    /// z[B, N, L] -> code, mask [B, N, L]: per column (b, l), the k largest of the N values (ties: lower n).
    /// </summary>
    public static void TopKChannels(int batch, int atoms, int length, int k, float[] z, int zOffset, float[] code,
        int codeOffset, float[] mask, int maskOffset)
    {
        var job = TopKJob.ForThisThread;
        job.Set(new TopKBuffers(atoms, length, k, z, zOffset, code, codeOffset, mask, maskOffset), batch * length);
        CoreWorkers.Run(job, job.Items);
        job.Clear();
    }

    /// <summary>
    /// Channel top-k on code columns [firstColumn, firstColumn + columns) of <paramref name="buffers"/>, column (b, l)
    /// being number b*L + l: the one selection both the op above and the encoder GEMM's epilogue run. Scratch is the
    /// calling thread's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TopKColumns(in TopKBuffers buffers, int firstColumn, int columns)
    {
        GrowColumnScratch(buffers.Atoms);
        Span<float> values = _columnValues.AsSpan(0, buffers.Atoms),
            scratch = _selectionScratch.AsSpan(0, buffers.Atoms);
        Span<float> thresholds = stackalloc float[ColumnsAtOnce];
        bool cascade = buffers.Length == 1 && buffers.K <= ColumnsAtOnce && Vector256.IsHardwareAccelerated;
        bool alongTime = buffers.Length >= ColumnsAtOnce && Vector256.IsHardwareAccelerated;
        bool acrossItems = buffers.Length > 1 && buffers.K <= ColumnsAtOnce && Avx512F.VL.IsSupported;
        bool sixteenItems = buffers.Length == 1 && buffers.K <= ColumnsAtOnce && Avx512F.IsSupported;
        for (int column = firstColumn, end = firstColumn + columns; column < end;)
        {
            if (sixteenItems && end - column >= ItemsAtOnce)
            {
                SelectSixteenItems(buffers, column);
                column += ItemsAtOnce;
                continue;
            }
            if (alongTime && end - column >= ColumnsAtOnce && column % buffers.Length + ColumnsAtOnce <= buffers.Length)
            {
                (int b, int l) = (column / buffers.Length, column % buffers.Length);
                if (buffers.K <= ColumnsAtOnce) SelectEightSteps(buffers, b, l);
                else SelectEightStepsByBisection(buffers, b, l);
                column += ColumnsAtOnce;
                continue;
            }
            if (acrossItems && end - column >= ColumnsAtOnce)
            {
                SelectEightColumns(buffers, column);
                column += ColumnsAtOnce;
                continue;
            }
            int group = cascade && end - column >= ColumnsAtOnce ? ColumnsAtOnce : 1;
            if (group > 1)
                KthLargestOfEight(buffers.Z, buffers.ZOffset + column * buffers.Atoms, buffers.Atoms, buffers.K,
                    thresholds);
            for (int i = 0; i < group; i++, column++)
            {
                int b = column / buffers.Length, l = column % buffers.Length;
                int first = b * buffers.Atoms * buffers.Length + l;
                Gather(buffers, first, values);
                float threshold = group > 1 ? thresholds[i] : KthLargest(values, buffers.K, scratch);
                Keep(buffers, first, values, threshold, buffers.K - CountAbove(values, threshold));
            }
        }
    }

    // mask = 1 and code = the value for the values above threshold and the first tiesKept equal to it, 0 elsewhere; a
    // contiguous column (L = 1) eight at a time wherever no tie is still to be decided in index order
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Keep(in TopKBuffers buffers, int first, ReadOnlySpan<float> values, float threshold,
        int tiesKept)
    {
        int n = 0;
        if (buffers.Length == 1)
        {
            Span<float> code = buffers.Code.AsSpan(buffers.CodeOffset + first, values.Length),
                mask = buffers.Mask.AsSpan(buffers.MaskOffset + first, values.Length);
            var limit = Vector256.Create(threshold);
            for (; n <= values.Length - Vector256<float>.Count; n += Vector256<float>.Count)
            {
                var chunk = Vector256.Create(values.Slice(n, Vector256<float>.Count));
                if (tiesKept > 0 && Vector256.EqualsAny(chunk, limit))
                {
                    tiesKept = KeepOneByOne(buffers, first, values, threshold, tiesKept, n, n + Vector256<float>.Count);
                    continue;
                }
                var keep = Vector256.GreaterThan(chunk, limit);
                (keep & Vector256<float>.One).CopyTo(mask.Slice(n, Vector256<float>.Count));
                (keep & chunk).CopyTo(code.Slice(n, Vector256<float>.Count));
            }
        }
        KeepOneByOne(buffers, first, values, threshold, tiesKept, n, values.Length);
    }

    // Keep for values [from, to); returns the ties still to keep
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int KeepOneByOne(in TopKBuffers buffers, int first, ReadOnlySpan<float> values, float threshold,
        int tiesKept, int from, int to)
    {
        for (int n = from; n < to; n++)
        {
            bool keep = values[n] > threshold || (values[n] == threshold && tiesKept-- > 0);
            int index = first + n * buffers.Length;
            buffers.Mask[buffers.MaskOffset + index] = keep ? 1f : 0f;
            buffers.Code[buffers.CodeOffset + index] = keep ? values[n] : 0f;
        }
        return tiesKept;
    }

    private const int ColumnsAtOnce = 8;

    /// <summary>
    /// The k-th largest (k &lt;= 8) of each of eight contiguous columns of <paramref name="atoms"/> values from
    /// <paramref name="start"/>: every value passes a max/min cascade that holds each column's k largest in order, one
    /// lane per column, with no branch to mispredict (the one-column insertion mispredicts on most early values).
    /// NaN never enters, as in <see cref="KthLargest"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KthLargestOfEight(float[] z, int start, int atoms, int k, Span<float> thresholds)
    {
        Span<Vector256<float>> best = stackalloc Vector256<float>[k];   // descending per lane
        var lowest = Vector256.Create(float.NegativeInfinity);
        best.Fill(lowest);
        var source = z.AsSpan(start, ColumnsAtOnce * atoms);
        for (int n = 0; n < atoms; n++)
        {
            Hold(best, Vector256.Create(source[n], source[atoms + n], source[2 * atoms + n], source[3 * atoms + n],
                source[4 * atoms + n], source[5 * atoms + n], source[6 * atoms + n], source[7 * atoms + n]), lowest);
        }
        best[k - 1].CopyTo(thresholds);
    }

    /// <summary>
    /// The selection of the eight code columns (b, l) .. (b, l + 7), one lane each: z[b, n, l .. l + 7] is one
    /// contiguous vector per atom. A max/min cascade finds each column's k-th largest (as in
    /// <see cref="KthLargestOfEight"/>), and its k held values count those above it, so the ties each lane keeps are
    /// known before the one pass that writes code and mask, taking equal values in atom order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SelectEightSteps(in TopKBuffers buffers, int b, int l)
    {
        int k = buffers.K, stride = buffers.Length, first = b * buffers.Atoms * stride + l;
        Span<Vector256<float>> best = stackalloc Vector256<float>[k];   // descending per lane
        var lowest = Vector256.Create(float.NegativeInfinity);
        best.Fill(lowest);
        var z = buffers.Z.AsSpan(buffers.ZOffset + first);
        for (int n = 0; n < buffers.Atoms; n++)
        {
            Hold(best, Vector256.Create(z.Slice(n * stride, ColumnsAtOnce)), lowest);
        }
        var threshold = best[k - 1];
        var ties = Vector256.Create(k);   // per lane: k less the values above the threshold (a true compare is -1)
        for (int j = 0; j < k; j++) ties += Vector256.GreaterThan(best[j], threshold).AsInt32();
        KeepEightSteps(buffers, first, threshold, ties);
    }

    // code and mask of eight steps side by side from z's index first: per lane, the values above threshold and the
    // first `ties` equal to it in atom order (z is read before code and mask are written, which may be z itself)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KeepEightSteps(in TopKBuffers buffers, int first, Vector256<float> threshold,
        Vector256<int> ties)
    {
        int stride = buffers.Length;
        var z = buffers.Z.AsSpan(buffers.ZOffset + first);
        var code = buffers.Code.AsSpan(buffers.CodeOffset + first);
        var mask = buffers.Mask.AsSpan(buffers.MaskOffset + first);
        for (int n = 0; n < buffers.Atoms; n++)
        {
            var value = Vector256.Create(z.Slice(n * stride, ColumnsAtOnce));
            var tie = Vector256.Equals(value, threshold) & Vector256.GreaterThan(ties, Vector256<int>.Zero).AsSingle();
            ties += tie.AsInt32();
            var keep = Vector256.GreaterThan(value, threshold) | tie;
            (keep & Vector256<float>.One).CopyTo(mask.Slice(n * stride, ColumnsAtOnce));
            (keep & value).CopyTo(code.Slice(n * stride, ColumnsAtOnce));
        }
    }

    // one value per lane through the max/min cascade: best (descending per lane) keeps each lane's k largest; NaN
    // enters as lowest, so it is never held
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Hold(Span<Vector256<float>> best, Vector256<float> value, Vector256<float> lowest)
    {
        value = Vector256.ConditionalSelect(Vector256.Equals(value, value), value, lowest);
        for (int j = 0; j < best.Length; j++)
        {
            var held = best[j];
            best[j] = Vector256.MaxNative(held, value);
            value = Vector256.MinNative(held, value);
        }
    }

    // the column's values, copied (code or mask may be z itself); one step per item (L = 1) makes it contiguous
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gather(in TopKBuffers buffers, int first, Span<float> values)
    {
        if (buffers.Length == 1) buffers.Z.AsSpan(buffers.ZOffset + first, values.Length).CopyTo(values);
        else for (int n = 0; n < values.Length; n++)
            values[n] = buffers.Z[buffers.ZOffset + first + n * buffers.Length];
    }

    [ThreadStatic] private static float[]? _columnValues, _selectionScratch;

    // this thread's column copy and selection scratch, grown on first use and then reused (nothing allocated per step)
    private static void GrowColumnScratch(int atoms)
    {
        if (_columnValues is null || _columnValues.Length < atoms)
            (_columnValues, _selectionScratch) = (new float[atoms], new float[atoms]);
    }

    /// <summary>
    /// Channel top-k, at most <see cref="ColumnsPerItem"/> code columns per item, fewer (whole groups of
    /// <see cref="ColumnsAtOnce"/>) until each active worker has several items: maestro's 128 columns were 4 items.
    /// </summary>
    private sealed class TopKJob : ParallelJob
    {
        [ThreadStatic] private static TopKJob? _forThisThread;
        public static TopKJob ForThisThread => _forThisThread ??= new();

        /// <summary>Most code columns per work item: enough to make handing out an item cheap against its
        /// work.</summary>
        public const int ColumnsPerItem = 32;
        private const int ItemsPerWorker = 4;

        private TopKBuffers _buffers;
        private int _columns, _columnsPerItem;

        public int Items => (_columns + _columnsPerItem - 1) / _columnsPerItem;

        public void Set(TopKBuffers buffers, int columns)
        {
            (_buffers, _columns) = (buffers, columns);
            int wanted = (columns + ItemsPerWorker * CoreWorkers.Active - 1) / (ItemsPerWorker * CoreWorkers.Active);
            _columnsPerItem = Math.Clamp((wanted + ColumnsAtOnce - 1) / ColumnsAtOnce * ColumnsAtOnce, ColumnsAtOnce,
                ColumnsPerItem);
        }

        // drops the references to the caller's arrays
        public void Clear() => _buffers = default;

        public override void Run(int chunk, int worker)
        {
            int first = chunk * _columnsPerItem;
            TopKColumns(_buffers, first, Math.Min(_columns, first + _columnsPerItem) - first);
        }
    }

    /// <summary>
    /// z[B, N, L] -> code, mask [B, N, L]: per row (b, n), the largest value over l (ties: earliest step).
    /// </summary>
    public static void SpatialWinners(int batch, int atoms, int length, float[] z, int zOffset, float[] code,
        int codeOffset, float[] mask, int maskOffset)
    {
        for (int row = 0; row < batch * atoms; row++)
        {
            var values = z.AsSpan(zOffset + row * length, length);
            int winner = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(values);
            // IndexOfMax ranks +0 above -0, but they are equal values: the tie goes to the earlier step, as in the
            // reference.
            if (values[winner] == 0f) winner = values.IndexOf(0f);
            var rowMask = mask.AsSpan(maskOffset + row * length, length);
            var rowCode = code.AsSpan(codeOffset + row * length, length);
            rowMask.Clear();
            rowCode.Clear();
            rowMask[winner] = 1f;
            rowCode[winner] = values[winner];
        }
    }

    /// <summary>
    /// z[B, N, L] -> code, mask [B, N, L]: spatial winners, then per atom n only the <paramref name="keep"/> largest
    /// winners across the batch (ties: lower b).
    /// </summary>
    public static void LifetimeWinners(int batch, int atoms, int length, int keep, float[] z, int zOffset, float[] code,
        int codeOffset, float[] mask, int maskOffset)
    {
        SpatialWinners(batch, atoms, length, z, zOffset, code, codeOffset, mask, maskOffset);
        Parallel.For(0, atoms, () => (Values: new float[batch], Steps: new int[batch], Sorted: new float[batch]),
            (n, _, scratch) =>
        {
            for (int b = 0; b < batch; b++)
            {
                int row = b * atoms + n;
                int step = mask.AsSpan(maskOffset + row * length, length).IndexOf(1f);
                scratch.Steps[b] = step;
                scratch.Values[b] = z[zOffset + row * length + step];
            }
            float threshold = KthLargest(scratch.Values, keep, scratch.Sorted);
            int tiesKept = keep - CountAbove(scratch.Values, threshold);
            for (int b = 0; b < batch; b++)
            {
                float value = scratch.Values[b];
                if (value > threshold || (value == threshold && tiesKept-- > 0)) continue;
                int index = (b * atoms + n) * length + scratch.Steps[b];
                mask[maskOffset + index] = 0f;
                code[codeOffset + index] = 0f;
            }
            return scratch;
        }, _ => { });
    }

    /// <summary>
    /// The k-th largest of values (1-based k); small k by insertion, large k by quickselect on a copy in scratch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float KthLargest(ReadOnlySpan<float> values, int k, Span<float> scratch)
    {
        if (k <= 16)
        {
            Span<float> best = stackalloc float[k];   // descending
            best.Fill(float.NegativeInfinity);
            foreach (float value in values)
            {
                if (!(value > best[k - 1])) continue;
                int position = k - 1;
                while (position > 0 && value > best[position - 1])
                {
                    best[position] = best[position - 1];
                    position--;
                }
                best[position] = value;
            }
            return best[k - 1];
        }
        var work = scratch.Slice(0, values.Length);
        values.CopyTo(work);
        return SelectAscending(work, values.Length - k);
    }

    // Hoare quickselect: the value that would sit at `target` if work were sorted ascending (work is reordered)
    private static float SelectAscending(Span<float> work, int target)
    {
        int low = 0, high = work.Length - 1;
        while (low < high)
        {
            float pivot = work[low + (high - low) / 2];
            int i = low, j = high;
            while (i <= j)
            {
                while (work[i] < pivot) i++;
                while (work[j] > pivot) j--;
                if (i <= j)
                {
                    (work[i], work[j]) = (work[j], work[i]);
                    i++;
                    j--;
                }
            }
            if (target <= j) high = j;
            else if (target >= i) low = i;
            else break;
        }
        return work[target];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountAbove(ReadOnlySpan<float> values, float threshold)
    {
        int count = 0, n = 0;
        var limit = Vector256.Create(threshold);
        for (; n <= values.Length - Vector256<float>.Count; n += Vector256<float>.Count)
            count += BitOperations.PopCount(
                Vector256.GreaterThan(Vector256.Create(values.Slice(n, Vector256<float>.Count)), limit)
                .ExtractMostSignificantBits());
        for (; n < values.Length; n++) if (values[n] > threshold) count++;
        return count;
    }
}
