using System.Runtime.CompilerServices;
namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The three winner-take-all sparsifiers on z[B, N, L], writing code = z * mask and mask in {0, 1}.
/// Every selection keeps "the k largest, ties to the lower index": find the k-th largest value v, keep all
/// values above v, then the first (k - count above) values equal to v in index order. That matches a stable
/// sort by (value descending, index ascending) without sorting each column.
/// </summary>
public static class WinnerSelection
{
    /// <summary>z[B, N, L] -> code, mask [B, N, L]: per column (b, l), the k largest of the N values (ties: lower n).</summary>
    public static void TopKChannels(int batch, int atoms, int length, int k, float[] z, int zOffset, float[] code, int codeOffset, float[] mask, int maskOffset)
    {
        var job = TopKJob.ForThisThread;
        job.Set(batch, atoms, length, k, z, zOffset, code, codeOffset, mask, maskOffset);
        CoreWorkers.Run(job, (batch * length + TopKJob.ColumnsPerItem - 1) / TopKJob.ColumnsPerItem);
        job.Clear();
    }

    /// <summary>Channel top-k, <see cref="ColumnsPerItem"/> code columns per item, with per-thread scratch kept between calls (nothing allocated per step).</summary>
    private sealed class TopKJob : ParallelJob
    {
        [ThreadStatic] private static TopKJob? _forThisThread;
        public static TopKJob ForThisThread => _forThisThread ??= new();

        private readonly float[][] _values = new float[CoreWorkers.Count][], _scratch = new float[CoreWorkers.Count][];
        /// <summary>Code columns per work item: enough to make handing out an item cheap against its work.</summary>
        public const int ColumnsPerItem = 32;

        private int _columns, _atoms, _length, _k, _zOffset, _codeOffset, _maskOffset;
        private float[] _z = [], _code = [], _mask = [];

        public void Set(int batch, int atoms, int length, int k, float[] z, int zOffset, float[] code, int codeOffset, float[] mask, int maskOffset)
        {
            _columns = batch * length;
            (_atoms, _length, _k, _z, _zOffset, _code, _codeOffset, _mask, _maskOffset) = (atoms, length, k, z, zOffset, code, codeOffset, mask, maskOffset);
            for (int worker = 0; worker < _values.Length; worker++)
            {
                if (_values[worker] is null || _values[worker].Length < atoms) (_values[worker], _scratch[worker]) = (new float[atoms], new float[atoms]);
            }
        }

        // drops the references to the caller's arrays
        public void Clear() => (_z, _code, _mask) = ([], [], []);

        public override void Run(int chunk, int worker)
        {
            for (int column = chunk * ColumnsPerItem, last = Math.Min(_columns, column + ColumnsPerItem); column < last; column++)
                SelectColumn(column, worker);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void SelectColumn(int column, int worker)
        {
            int b = column / _length, l = column % _length;
            int first = b * _atoms * _length + l;
            var values = Gather(first, worker);
            float threshold = KthLargest(values, _k, _scratch[worker]);
            int tiesKept = _k - CountAbove(values, threshold);
            for (int n = 0; n < values.Length; n++)
            {
                bool keep = values[n] > threshold || (values[n] == threshold && tiesKept-- > 0);
                int index = first + n * _length;
                _mask[_maskOffset + index] = keep ? 1f : 0f;
                _code[_codeOffset + index] = keep ? values[n] : 0f;
            }
        }

        // the column's values, copied (code or mask may be z itself); one step per item (L = 1) makes it contiguous
        private Span<float> Gather(int first, int worker)
        {
            var values = _values[worker].AsSpan(0, _atoms);
            if (_length == 1) _z.AsSpan(_zOffset + first, _atoms).CopyTo(values);
            else for (int n = 0; n < values.Length; n++) values[n] = _z[_zOffset + first + n * _length];
            return values;
        }
    }

    /// <summary>z[B, N, L] -> code, mask [B, N, L]: per row (b, n), the largest value over l (ties: earliest step).</summary>
    public static void SpatialWinners(int batch, int atoms, int length, float[] z, int zOffset, float[] code, int codeOffset, float[] mask, int maskOffset)
    {
        for (int row = 0; row < batch * atoms; row++)
        {
            var values = z.AsSpan(zOffset + row * length, length);
            int winner = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(values);
            // IndexOfMax ranks +0 above -0, but they are equal values: the tie goes to the earlier step, as in the reference.
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
    public static void LifetimeWinners(int batch, int atoms, int length, int keep, float[] z, int zOffset, float[] code, int codeOffset, float[] mask, int maskOffset)
    {
        SpatialWinners(batch, atoms, length, z, zOffset, code, codeOffset, mask, maskOffset);
        Parallel.For(0, atoms, () => (Values: new float[batch], Steps: new int[batch], Sorted: new float[batch]), (n, _, scratch) =>
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

    /// <summary>The k-th largest of values (1-based k); small k by insertion, large k by quickselect on a copy in scratch.</summary>
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

    private static int CountAbove(ReadOnlySpan<float> values, float threshold)
    {
        int count = 0;
        foreach (float value in values) if (value > threshold) count++;
        return count;
    }
}
