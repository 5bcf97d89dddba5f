namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// <see cref="IComputeBackend.ThresholdSearch"/> on all cores: targets [F, D] (negative cells don't-care), scores and
/// their descending order [N, D], ties by preference [F, N] where given -> choice [F, 2]. Frames are independent, so
/// each work item takes a block of <see cref="FramesPerItem"/> frames. Within a block the atoms are the outer loop: an
/// atom's cells are put in score order once (values, cell indices and each one's next score, cut at the minimum) and
/// then scanned for every frame of the block, so the atom stays in L1 while the reference rereads all N atoms for
/// every frame. Each frame still meets the atoms and their cells in the reference's order, so the choices are the
/// reference's bit for bit (ThresholdSearchTests checks both against a brute force).
/// </summary>
internal sealed class ParallelThresholdSearch : ParallelJob
{
    private const int FramesPerItem = 32;

    private CpuBuffer? _targets, _scores, _order, _preference, _choice;
    private int _frames, _atoms, _cells;
    private float _minimumCut;
    // per worker: one atom's cells in descending score order [D]: their indices, values and the next value (≥ 0)
    private readonly int[][] _sortedCells = new int[CoreWorkers.Count][];
    private readonly float[][] _sortedValues = new float[CoreWorkers.Count][];
    private readonly float[][] _nextValues = new float[CoreWorkers.Count][];

    /// <summary>Runs the op; shapes were checked by the caller.</summary>
    public void Search(int frames, int atoms, int cells, float minimumCut, CpuBuffer targets, CpuBuffer scores,
        CpuBuffer order, CpuBuffer? preference, CpuBuffer choice)
    {
        (_frames, _atoms, _cells, _minimumCut) = (frames, atoms, cells, minimumCut);
        (_targets, _scores, _order, _preference, _choice) = (targets, scores, order, preference, choice);
        try { CoreWorkers.Run(this, (frames + FramesPerItem - 1) / FramesPerItem); }
        // drop the references to the caller's buffers
        finally { (_targets, _scores, _order, _preference, _choice) = (null, null, null, null, null); }
    }

    /// <summary>Frames [index * FramesPerItem, ...) up to the last frame.</summary>
    public override void Run(int index, int worker)
    {
        int first = index * FramesPerItem, count = Math.Min(FramesPerItem, _frames - first), cells = _cells;
        var targets = _targets!.Span.Slice(first * cells, count * cells);
        Span<int> bestErrors = stackalloc int[count], bestAtom = stackalloc int[count], hits = stackalloc int[count];
        Span<float> bestCut = stackalloc float[count];
        for (int f = 0; f < count; f++)
        {
            foreach (float target in targets.Slice(f * cells, cells))
                if (target > ThresholdSearchShapes.HitLevel) hits[f]++;
            (bestErrors[f], bestAtom[f], bestCut[f]) = (hits[f], -1, 0f);
        }
        var (sortedCells, sortedValues, nextValues) = Scratch(worker);
        for (int n = 0; n < _atoms; n++)
        {
            int lit = SortAtom(n, sortedCells, sortedValues, nextValues);
            for (int f = 0; f < count; f++)
            {
                var target = targets.Slice(f * cells, cells);
                int errors = hits[f];
                for (int j = 0; j < lit; j++)
                {
                    float cellTarget = target[sortedCells[j]];
                    if (cellTarget >= 0f) errors += cellTarget > ThresholdSearchShapes.HitLevel ? -1 : 1;
                    float value = sortedValues[j], next = nextValues[j];
                    if (next >= value || errors > bestErrors[f]) continue;
                    if (errors == bestErrors[f] && !TakesTie(first + f, n, bestAtom[f])) continue;
                    (bestErrors[f], bestAtom[f]) = (errors, n);
                    bestCut[f] = float.Max((value + next) / 2f, _minimumCut);
                }
            }
        }
        var choice = _choice!.Span.Slice(2 * first, 2 * count);
        for (int f = 0; f < count; f++) (choice[2 * f], choice[2 * f + 1]) = (bestAtom[f], bestCut[f]);
    }

    // atom n's cells in descending score order into the scratch rows [D]; returns how many score above the minimum
    // cut (the scan stops at the first that does not, as the reference's does)
    private int SortAtom(int n, int[] sortedCells, float[] sortedValues, float[] nextValues)
    {
        int cells = _cells;
        var atom = _scores!.Span.Slice(n * cells, cells);
        var order = _order!.Span.Slice(n * cells, cells);
        int lit = 0;
        while (lit < cells && atom[(int)order[lit]] > _minimumCut)
        {
            sortedCells[lit] = (int)order[lit];
            sortedValues[lit] = atom[sortedCells[lit]];
            nextValues[lit] = lit + 1 < cells ? float.Max(atom[(int)order[lit + 1]], 0f) : 0f;
            lit++;
        }
        return lit;
    }

    // whether atom n takes a tie of wrong cells in frame f from the best so far: only from another atom (never from
    // lighting nothing) of lower preference in the frame's row [N]; without preferences never
    private bool TakesTie(int frame, int n, int best)
    {
        if (best < 0 || n == best || _preference is null) return false;
        var row = _preference.Span.Slice(frame * _atoms, _atoms);
        return row[n] > row[best];
    }

    // the worker's scratch rows, grown to the current cell count
    private (int[] Cells, float[] Values, float[] Next) Scratch(int worker)
    {
        if (_sortedCells[worker] is not { } cells || cells.Length < _cells)
            (_sortedCells[worker], _sortedValues[worker], _nextValues[worker])
                = (new int[_cells], new float[_cells], new float[_cells]);
        return (_sortedCells[worker], _sortedValues[worker], _nextValues[worker]);
    }
}
