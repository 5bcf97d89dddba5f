using System.Numerics;
using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The three winner-take-all sparsifiers over z[B, N, L], writing code = z * mask and the 0/1 mask. Every
/// decision is a comparison of stored floats, so masks are bit-identical to the reference, ties included.
/// <list type="bullet">
/// <item>Top-k: a group of 256 threads stages max(1, 256 / N) code columns in shared memory; each thread ranks its
/// channels, four at a time, by counting the entries that beat them (greater, or equal at a lower channel), stopping
/// when all four reach k. N is a
/// <see cref="SpecializedValue{T}"/>: it is fixed per model, and as a constant it turns the thread-to-column split
/// and the ranking loop bound into immediates.</item>
/// <item>Spatial: one group per (b, n) row, a shared-memory argmax tree over time, ties to the earlier step.</item>
/// <item>Lifetime: spatial, then one thread per (b, n) ranks its winner among the atom's B winners, ties to the lower
/// b.</item>
/// </list>
/// </summary>
internal sealed class SparsityKernels : IDisposable
{
    private const int TopKGroupSize = 256;
    private const int MaxSpatialGroupSize = 256;

    private readonly Accelerator _accelerator;
    private readonly GrowOnlyBuffer<float> _winnerValues;
    private readonly GrowOnlyBuffer<int> _winnerSteps;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, SpecializedValue<int>,
        int, int, int> _topK;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>,
        ArrayView<int>> _spatial;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>,
        LifetimeShape> _lifetime;

    public SparsityKernels(Accelerator accelerator)
    {
        _accelerator = accelerator;
        _winnerValues = new GrowOnlyBuffer<float>(accelerator);
        _winnerSteps = new GrowOnlyBuffer<int>(accelerator);
        _topK = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>,
            SpecializedValue<int>, int, int, int>(TopK);
        _spatial = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int,
            ArrayView<float>, ArrayView<int>>(Spatial);
        _lifetime = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>,
            ArrayView<float>, ArrayView<float>, LifetimeShape>(Lifetime);
    }

    public void TopKChannels(int batch, int atoms, int length, int k, ArrayView<float> z, ArrayView<float> code,
        ArrayView<float> mask)
    {
        int columns = batch * length;
        if (columns == 0) return;
        int perGroup = ColumnsPerGroup(atoms);
        long sharedBytes = (long)perGroup * atoms * sizeof(float);
        if (sharedBytes > _accelerator.MaxSharedMemoryPerGroup)
            throw new NotSupportedException(
                $"top-k over N = {atoms} atoms stages {sharedBytes} bytes per code column in shared memory; "
                + $"{_accelerator.Name} offers {_accelerator.MaxSharedMemoryPerGroup}");
        var config = new KernelConfig(
            new Index1D((columns + perGroup - 1) / perGroup), new Index1D(TopKGroupSize),
            SharedMemoryConfig.RequestDynamic<float>(perGroup * atoms));
        _topK(config, z, code, mask, SpecializedValue.New(atoms), columns, length, k);
    }

    public void SpatialWinners(int batch, int atoms, int length, ArrayView<float> z, ArrayView<float> code,
        ArrayView<float> mask)
        => LaunchSpatial(batch * atoms, length, z, code, mask);

    public void LifetimeWinners(int batch, int atoms, int length, int keep, ArrayView<float> z, ArrayView<float> code,
        ArrayView<float> mask)
    {
        var (values, steps) = LaunchSpatial(batch * atoms, length, z, code, mask);
        if (batch * atoms > 0 && keep < batch)
            _lifetime(batch * atoms, values, steps, code, mask, new LifetimeShape(batch, atoms, length, keep));
    }

    public void Dispose()
    {
        _winnerValues.Dispose();
        _winnerSteps.Dispose();
    }

    private (ArrayView<float> Values, ArrayView<int> Steps) LaunchSpatial(int rows, int length, ArrayView<float> z,
        ArrayView<float> code, ArrayView<float> mask)
    {
        var values = _winnerValues.View(rows);
        var steps = _winnerSteps.View(rows);
        if (rows > 0)
        {
            int groupSize = Math.Clamp((int)BitOperations.RoundUpToPowerOf2((uint)length), 32, MaxSpatialGroupSize);
            _spatial(new KernelConfig(new Index1D(rows), new Index1D(groupSize)), z, code, mask, length, values, steps);
        }
        return (values, steps);
    }

    // Channels are split over min(N, 256) threads; the rest of the group takes further columns.
    private static int ColumnsPerGroup(int atoms) => TopKGroupSize / Math.Min(atoms, TopKGroupSize);

    // z, code, mask [B, N, L]; column c = b*L + l. Group g ranks columns g*P .. g*P + P - 1, P = max(1, 256 / N).
    private static void TopK(ArrayView<float> z, ArrayView<float> code, ArrayView<float> mask,
        SpecializedValue<int> atomCount, int columns, int length, int k)
    {
        int atoms = atomCount.Value;
        int span = Math.Min(atoms, TopKGroupSize), perGroup = TopKGroupSize / span;
        int first = Grid.IdxX * perGroup;
        var staged = SharedMemory.GetDynamic<float>(); // staged[slot*N + n] = z at column first + slot, channel n

        // Adjacent threads read adjacent columns (adjacent l), so the loads coalesce.
        for (int e = Group.IdxX; e < perGroup * atoms; e += TopKGroupSize)
        {
            int slot = e % perGroup, channel = e / perGroup;
            if (first + slot < columns)
                staged[slot * atoms + channel] = z[IndexOf(first + slot, channel, atoms, length)];
        }
        Group.Barrier();

        int mySlot = Group.IdxX / span, column = first + mySlot;
        if (mySlot >= perGroup || column >= columns) return;
        int offset = mySlot * atoms;
        // four channels span apart per pass over the rivals: one shared read serves four comparisons
        for (int c0 = Group.IdxX - mySlot * span; c0 < atoms; c0 += 4 * span)
        {
            int c1 = c0 + span, c2 = c1 + span, c3 = c2 + span;
            float v0 = staged[offset + c0];
            float v1 = c1 < atoms ? staged[offset + c1] : v0, v2 = c2 < atoms ? staged[offset + c2] : v0;
            float v3 = c3 < atoms ? staged[offset + c3] : v0;
            // a channel past N starts at rank k, so it never holds the pass
            int r0 = 0, r1 = c1 < atoms ? 0 : k, r2 = c2 < atoms ? 0 : k, r3 = c3 < atoms ? 0 : k;
            for (int other = 0; other < atoms && (r0 < k || r1 < k || r2 < k || r3 < k); other++)
            {
                float rival = staged[offset + other];
                if (rival > v0 || (rival == v0 && other < c0)) r0++;
                if (rival > v1 || (rival == v1 && other < c1)) r1++;
                if (rival > v2 || (rival == v2 && other < c2)) r2++;
                if (rival > v3 || (rival == v3 && other < c3)) r3++;
            }
            Keep(code, mask, IndexOf(column, c0, atoms, length), v0, r0 < k);
            if (c1 < atoms) Keep(code, mask, IndexOf(column, c1, atoms, length), v1, r1 < k);
            if (c2 < atoms) Keep(code, mask, IndexOf(column, c2, atoms, length), v2, r2 < k);
            if (c3 < atoms) Keep(code, mask, IndexOf(column, c3, atoms, length), v3, r3 < k);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Keep(ArrayView<float> code, ArrayView<float> mask, int index, float value, bool kept)
    {
        mask[index] = kept ? 1f : 0f;
        code[index] = kept ? value : 0f;
    }

    private static int IndexOf(int column, int channel, int atoms, int length)
    {
        int b = column / length, l = column - b * length;
        return (b * atoms + channel) * length + l;
    }

    // Group r (row r = b*N + n of z[B,N,L]): keep the largest z[r, :], ties to the earliest step; record the winner.
    private static void Spatial(ArrayView<float> z, ArrayView<float> code, ArrayView<float> mask, int length,
        ArrayView<float> winnerValues, ArrayView<int> winnerSteps)
    {
        var bestValues = SharedMemory.Allocate<float>(MaxSpatialGroupSize);
        var bestSteps = SharedMemory.Allocate<int>(MaxSpatialGroupSize);
        int row = Grid.IdxX, thread = Group.IdxX, start = row * length;

        float best = float.NegativeInfinity;
        int bestStep = int.MaxValue;
        for (int l = thread; l < length; l += Group.DimX)
        {
            if (bestStep == int.MaxValue || z[start + l] > best)
            {
                best = z[start + l];
                bestStep = l;
            }
        }
        bestValues[thread] = best;
        bestSteps[thread] = bestStep;
        Group.Barrier();
        for (int half = Group.DimX / 2; half > 0; half /= 2)
        {
            if (thread < half)
            {
                float rival = bestValues[thread + half];
                int rivalStep = bestSteps[thread + half];
                if (rival > bestValues[thread] || (rival == bestValues[thread] && rivalStep < bestSteps[thread]))
                {
                    bestValues[thread] = rival;
                    bestSteps[thread] = rivalStep;
                }
            }
            Group.Barrier();
        }

        int winner = bestSteps[0];
        for (int l = thread; l < length; l += Group.DimX)
        {
            mask[start + l] = l == winner ? 1f : 0f;
            code[start + l] = l == winner ? z[start + l] : 0f;
        }
        if (thread == 0)
        {
            winnerValues[row] = bestValues[0];
            winnerSteps[row] = winner;
        }
    }

    // Thread i = b*N + n: drop the spatial winner of (b, n) unless it ranks among the Keep largest of atom n's
    // winners over the batch (ties to the lower b).
    private static void Lifetime(Index1D i, ArrayView<float> winnerValues, ArrayView<int> winnerSteps,
        ArrayView<float> code, ArrayView<float> mask, LifetimeShape shape)
    {
        int b = i / shape.Atoms, n = i - b * shape.Atoms;
        float value = winnerValues[i];
        int rank = 0;
        for (int other = 0; other < shape.Batch && rank < shape.Keep; other++)
        {
            float rival = winnerValues[other * shape.Atoms + n];
            if (rival > value || (rival == value && other < b)) rank++;
        }
        if (rank < shape.Keep) return;
        int index = i * shape.Length + winnerSteps[i];
        mask[index] = 0f;
        code[index] = 0f;
    }
}

/// <summary>Sizes of a lifetime pass: z[Batch, Atoms, Length], keeping Keep winners per atom.</summary>
internal readonly record struct LifetimeShape(int Batch, int Atoms, int Length, int Keep);
