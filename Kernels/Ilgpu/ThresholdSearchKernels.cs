using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// <see cref="IComputeBackend.ThresholdSearch"/>: one thread per frame, the reference loop (every atom lit cell by cell
/// in its descending order, the running count of wrong cells kept at each cut; negative target cells are don't-care;
/// equal counts go to the atom of higher preference where one is given), so the choices match it bit for bit.
/// </summary>
internal sealed class ThresholdSearchKernels
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, int, int, float, int> _search;

    public ThresholdSearchKernels(Accelerator accelerator)
        => _search = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float, int>(Frame);

    /// <summary>Runs the op; a null preference passes the scores as a placeholder that is never read.</summary>
    public void ThresholdSearch(int frames, int atoms, int cells, float minimumCut, ArrayView<float> targets,
        ArrayView<float> scores, ArrayView<float> order, ArrayView<float>? preference, ArrayView<float> choice)
    {
        if (frames > 0)
            _search(frames, targets, scores, order, preference ?? scores, choice, atoms, cells, minimumCut,
                preference.HasValue ? 1 : 0);
    }

    // Thread f: targets[f, :] [D] (< 0: don't-care) against scores [N, D] in order [N, D], ties by preference[f, :] [N]
    // where preferring != 0 -> choice[f, :] = (atom or -1, cut)
    private static void Frame(Index1D f, ArrayView<float> targets, ArrayView<float> scores, ArrayView<float> order,
        ArrayView<float> preference, ArrayView<float> choice, int atoms, int cells, float minimumCut, int preferring)
    {
        long target = (long)(int)f * cells, row = (long)(int)f * atoms;
        int hits = 0;
        for (int d = 0; d < cells; d++) if (targets[target + d] > ThresholdSearchShapes.HitLevel) hits++;
        int bestErrors = hits, bestAtom = -1;
        float bestCut = 0f;
        for (int n = 0; n < atoms; n++)
        {
            long atom = (long)n * cells;
            int errors = hits;
            for (int j = 0; j < cells; j++)
            {
                int d = (int)order[atom + j];
                float value = scores[atom + d];
                if (value <= minimumCut) break;
                float wanted = targets[target + d];
                if (wanted >= 0f) errors += wanted > ThresholdSearchShapes.HitLevel ? -1 : 1;
                float next = j + 1 < cells ? Math.Max(scores[atom + (int)order[atom + j + 1]], 0f) : 0f;
                if (next >= value || errors > bestErrors) continue;
                bool takesTie = preferring != 0 && bestAtom >= 0 && bestAtom != n
                    && preference[row + n] > preference[row + bestAtom];
                if (errors == bestErrors && !takesTie) continue;
                bestErrors = errors;
                bestAtom = n;
                bestCut = Math.Max((value + next) / 2f, minimumCut);
            }
        }
        choice[2L * (int)f] = bestAtom;
        choice[2L * (int)f + 1] = bestCut;
    }
}
