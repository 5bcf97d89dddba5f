using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// <see cref="IComputeBackend.MatchingPursuit"/>: one thread per group of frames, the reference loop with a frame's
/// best atom kept between steps (only the frame that gained an atom is rescanned). Each group works in its own slice of
/// two grow-only scratch buffers (floats and ints, <see cref="PursuitLayout"/>); groups are launched in chunks whose
/// scratch stays under <see cref="MaxScratchFloats"/>, so a long batch reuses one buffer instead of growing it without
/// bound.
/// </summary>
internal sealed class PursuitKernels : IDisposable
{
    /// <summary>Scratch floats of one launch at most (256 MiB), unless a single group needs more.</summary>
    private const long MaxScratchFloats = 1L << 26;

    private readonly GrowOnlyBuffer<float> _divisors, _floats;
    private readonly GrowOnlyBuffer<int> _ints;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int> _norms;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, ArrayView<int>, PursuitLayout> _groups;

    public PursuitKernels(Accelerator accelerator)
    {
        _divisors = new GrowOnlyBuffer<float>(accelerator);
        _floats = new GrowOnlyBuffer<float>(accelerator);
        _ints = new GrowOnlyBuffer<int>(accelerator);
        _norms = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(Norms);
        _groups = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>,
            ArrayView<float>, ArrayView<int>, PursuitLayout>(Group);
    }

    public void MatchingPursuit(int batch, int atoms, int length, int groupFrames, int nonzerosPerGroup,
        ArrayView<float> correlations, ArrayView<float> gram, ArrayView<float> code)
    {
        if (batch == 0 || length == 0) return;
        var layout = PursuitLayout.For(atoms, length, groupFrames, nonzerosPerGroup);
        int groups = batch * layout.GroupsPerItem;
        int chunk = (int)Math.Clamp(MaxScratchFloats / layout.Floats, 1, groups);
        if (chunk * (long)layout.Floats > int.MaxValue || chunk * (long)layout.Ints > int.MaxValue)
            throw new NotSupportedException(
                $"one pursuit group of {groupFrames} frames of {atoms} atoms with {nonzerosPerGroup} non-zeros needs "
                + "more scratch than one buffer holds");
        var divisors = _divisors.View(atoms);
        _norms(atoms, gram, divisors, atoms);
        var floats = _floats.View(chunk * layout.Floats);
        var ints = _ints.View(chunk * layout.Ints);
        for (int start = 0; start < groups; start += chunk)
            _groups(Math.Min(chunk, groups - start), correlations, gram, code, divisors, floats, ints,
                layout with { FirstGroup = start });
    }

    public void Dispose()
    {
        _divisors.Dispose();
        _floats.Dispose();
        _ints.Dispose();
    }

    // divisors[n] = ||atom n|| = sqrt(g[n,n]), or +inf where g[n,n] <= 0: |r| / +inf = 0 is never picked
    private static void Norms(Index1D n, ArrayView<float> gram, ArrayView<float> divisors, int atoms)
    {
        float diagonal = gram[n * atoms + n];
        divisors[n] = diagonal > 0f ? MathF.Sqrt(diagonal) : float.PositiveInfinity;
    }

    // Thread i: group FirstGroup + i, i.e. item b, frames [first, first + frames). Its scratch slices, by
    // PursuitLayout: floats c, residual, divisors [frames * N] | frame best [F] | solved, gamma [S] | w [m] | Cholesky
    // rows; ints frame atom [F] | pick frame, pick atom, row start [S] | order [m].
    private static void Group(Index1D i, ArrayView<float> correlations, ArrayView<float> gram, ArrayView<float> code,
        ArrayView<float> norms, ArrayView<float> floats, ArrayView<int> ints, PursuitLayout p)
    {
        int atoms = p.Atoms, length = p.Length, budget = p.Budget, group = p.FirstGroup + i;
        int b = group / p.GroupsPerItem, first = group % p.GroupsPerItem * p.GroupFrames;
        int frames = Math.Min(p.GroupFrames, length - first);
        int size = p.GroupFrames * atoms;
        int c = i * p.Floats, residual = c + size, divisors = residual + size, frameBest = divisors + size;
        int solved = frameBest + p.GroupFrames, gamma = solved + budget, w = gamma + budget, factor = w + p.PerFrame;
        int frameAtom = i * p.Ints, pickFrame = frameAtom + p.GroupFrames, pickAtom = pickFrame + budget,
            rowStart = pickAtom + budget;
        int order = rowStart + budget;

        int item = b * atoms * length + first;
        for (int n = 0; n < atoms; n++)
        for (int f = 0; f < frames; f++)
        {
            float value = correlations[item + n * length + f];
            floats[c + f * atoms + n] = value;
            floats[residual + f * atoms + n] = value;
            floats[divisors + f * atoms + n] = norms[n];
        }
        for (int f = 0; f < frames; f++)
            ints[frameAtom + f] = BestAtom(floats, residual + f * atoms, divisors + f * atoms, atoms, frameBest + f);

        int picks = 0, used = 0;
        float firstBest = -1f;
        while (picks < budget)
        {
            int frame = -1;
            float best = 0f;
            for (int f = 0; f < frames; f++)
            {
                if (floats[frameBest + f] > best)
                {
                    best = floats[frameBest + f];
                    frame = f;
                }
            }
            if (frame < 0) break;
            if (firstBest < 0f) firstBest = best;
            else if (best <= PursuitShapes.StopTolerance * firstBest) break;

            int atom = ints[frameAtom + frame], at = frame * atoms;
            floats[divisors + at + atom] = float.PositiveInfinity;

            int k = 0;
            for (int q = 0; q < picks; q++)
            {
                if (ints[pickFrame + q] == frame)
                {
                    ints[order + k] = q;
                    k++;
                }
            }
            float diagonal = gram[atom * atoms + atom], pivot = diagonal;
            for (int j = 0; j < k; j++)
            {
                int row = factor + ints[rowStart + ints[order + j]];
                float sum = gram[ints[pickAtom + ints[order + j]] * atoms + atom];
                for (int m = 0; m < j; m++) sum -= floats[row + m] * floats[w + m];
                float value = sum / floats[row + j];
                floats[w + j] = value;
                pivot -= value * value;
            }
            if (pivot <= PursuitShapes.PivotTolerance * diagonal)
            {
                ints[frameAtom + frame] = BestAtom(floats, residual + at, divisors + at, atoms, frameBest + frame);
                continue;
            }

            float root = MathF.Sqrt(pivot), y = floats[c + at + atom];
            for (int j = 0; j < k; j++)
            {
                y -= floats[w + j] * floats[solved + ints[order + j]];
                floats[factor + used + j] = floats[w + j];
            }
            floats[factor + used + k] = root;
            ints[rowStart + picks] = used;
            floats[solved + picks] = y / root;
            ints[pickFrame + picks] = frame;
            ints[pickAtom + picks] = atom;
            ints[order + k] = picks;
            used += k + 1;
            picks++;
            k++;

            for (int j = k - 1; j >= 0; j--)
            {
                int pick = ints[order + j];
                float sum = floats[solved + pick];
                for (int m = j + 1; m < k; m++)
                    sum -= floats[factor + ints[rowStart + ints[order + m]] + j] * floats[gamma + ints[order + m]];
                floats[gamma + pick] = sum / floats[factor + ints[rowStart + pick] + j];
            }
            for (int n = 0; n < atoms; n++)
            {
                float sum = floats[c + at + n];
                for (int j = 0; j < k; j++)
                    sum -= gram[ints[pickAtom + ints[order + j]] * atoms + n] * floats[gamma + ints[order + j]];
                floats[residual + at + n] = sum;
            }
            ints[frameAtom + frame] = BestAtom(floats, residual + at, divisors + at, atoms, frameBest + frame);
        }

        for (int n = 0; n < atoms; n++)
            for (int f = 0; f < frames; f++) code[item + n * length + f] = 0f;
        for (int q = 0; q < picks; q++)
            code[item + ints[pickAtom + q] * length + ints[pickFrame + q]] = floats[gamma + q];
    }

    // the atom with the largest |residual| / divisor (ties to the lower index) or -1; its score goes to floats[best]
    private static int BestAtom(ArrayView<float> floats, int residual, int divisors, int atoms, int best)
    {
        int index = -1;
        float top = 0f;
        for (int n = 0; n < atoms; n++)
        {
            float score = MathF.Abs(floats[residual + n]) / floats[divisors + n];
            if (score > top)
            {
                top = score;
                index = n;
            }
        }
        floats[best] = top;
        return index;
    }
}

/// <summary>
/// The sizes of one pursuit launch and each group's scratch: <see cref="Floats"/> and <see cref="Ints"/> per group,
/// laid out as the kernel's comment says. <see cref="FirstGroup"/> is the launch's first group.
/// </summary>
internal readonly record struct PursuitLayout(int Atoms, int Length, int GroupFrames, int Budget, int GroupsPerItem,
    int PerFrame, int Floats, int Ints, int FirstGroup)
{
    public static PursuitLayout For(int atoms, int length, int groupFrames, int budget)
    {
        int perFrame = PursuitShapes.PicksPerFrame(atoms, budget);
        long floats = 3L * groupFrames * atoms + groupFrames + 2L * budget + perFrame
            + PursuitShapes.CholeskySize(atoms, budget);
        long ints = groupFrames + 3L * budget + perFrame;
        if (floats > int.MaxValue || ints > int.MaxValue)
            throw new NotSupportedException(
                $"one pursuit group of {groupFrames} frames of {atoms} atoms with {budget} non-zeros needs more "
                + "scratch than one buffer holds");
        return new PursuitLayout(atoms, length, groupFrames, budget, PursuitShapes.GroupsPerItem(length, groupFrames),
            perFrame, (int)floats, (int)ints, 0);
    }
}
