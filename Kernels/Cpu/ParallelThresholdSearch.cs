using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// <see cref="IComputeBackend.ThresholdSearch"/> on all cores: targets [F, D] (negative cells don't-care), scores and
/// their descending order [N, D], ties by preference [F, N] where given -> choice [F, 2]. Frames are independent, so
/// each work item takes a block of <see cref="FramesPerItem"/> frames, and the lanes of a Vector256 take 8 of them
/// at once. Each frame's cells are first turned into the change lighting them makes to its wrong-cell count (−1 on a
/// hit, +1 on a miss, 0 don't-care), stored cell by cell across the 8 frames. Then the atoms are the outer loop: an
/// atom's cells are put in score order once (cut at the minimum, with each distinct score's cut), and its scan adds
/// one vector of changes a cell for 8 frames, every candidate cut comparing and keeping the best lane by lane. Each
/// frame still meets the atoms and their cells in the reference's order, under its rules (an equal count moves the
/// choice only to another atom of higher preference), with the same float cut, so the choices are the reference's
/// bit for bit (ThresholdSearchTests checks both against a brute force).
/// </summary>
internal sealed class ParallelThresholdSearch : ParallelJob
{
    private const int FramesPerItem = 32;
    private static readonly int Lanes = Vector256<float>.Count;

    private CpuBuffer? _targets, _scores, _order, _preference, _choice;
    private int _frames, _atoms, _cells;
    private float _minimumCut;
    private readonly Scratch?[] _scratch = new Scratch?[CoreWorkers.Count];

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

    /// <summary>Frames [index * FramesPerItem, ...) up to the last frame, in groups of 8 lanes.</summary>
    public override void Run(int index, int worker)
    {
        int first = index * FramesPerItem, count = Math.Min(FramesPerItem, _frames - first);
        int groups = (count + Lanes - 1) / Lanes;
        var scratch = _scratch[worker] is { } kept && kept.Fits(_cells) ? kept
            : _scratch[worker] = new Scratch(_cells, (FramesPerItem + Lanes - 1) / Lanes);
        // per group of 8 frames: hits, and the best so far's wrong cells, atom (-1: none), cut and preference
        Span<Vector256<float>> hits = stackalloc Vector256<float>[groups];
        Span<Vector256<float>> bestErrors = stackalloc Vector256<float>[groups];
        Span<Vector256<float>> bestAtom = stackalloc Vector256<float>[groups];
        Span<Vector256<float>> bestCut = stackalloc Vector256<float>[groups];
        Span<Vector256<float>> bestPreference = stackalloc Vector256<float>[groups];
        for (int g = 0; g < groups; g++)
        {
            hits[g] = WriteChanges(first + g * Lanes, Math.Min(Lanes, count - g * Lanes), scratch.Changes(g));
            (bestErrors[g], bestAtom[g]) = (hits[g], Vector256.Create(-1f));
            (bestCut[g], bestPreference[g]) = (Vector256<float>.Zero, Vector256<float>.Zero);
        }
        for (int n = 0; n < _atoms; n++)
        {
            int lit = SortAtom(n, scratch);
            var atom = Vector256.Create((float)n);
            for (int g = 0; g < groups; g++)
            {
                var preference = PreferenceOf(first + g * Lanes, Math.Min(Lanes, count - g * Lanes), n);
                var changes = scratch.Changes(g);
                var errors = hits[g];
                for (int j = 0; j < lit; j++)
                {
                    errors += Vector256.Create(changes.Slice(scratch.Cells[j] * Lanes, Lanes));
                    if (!scratch.IsCut[j]) continue;
                    var takes = Vector256.LessThan(errors, bestErrors[g]);
                    if (_preference is not null)
                        takes |= Vector256.Equals(errors, bestErrors[g])
                            & Vector256.GreaterThanOrEqual(bestAtom[g], Vector256<float>.Zero)
                            & ~Vector256.Equals(bestAtom[g], atom)
                            & Vector256.GreaterThan(preference, bestPreference[g]);
                    if (takes == Vector256<float>.Zero) continue;
                    bestErrors[g] = Vector256.ConditionalSelect(takes, errors, bestErrors[g]);
                    bestAtom[g] = Vector256.ConditionalSelect(takes, atom, bestAtom[g]);
                    bestCut[g] = Vector256.ConditionalSelect(takes, Vector256.Create(scratch.Cuts[j]), bestCut[g]);
                    bestPreference[g] = Vector256.ConditionalSelect(takes, preference, bestPreference[g]);
                }
            }
        }
        var choice = _choice!.Span;
        for (int f = 0; f < count; f++)
            (choice[2 * (first + f)], choice[2 * (first + f) + 1]) = (bestAtom[f / Lanes][f % Lanes],
                bestCut[f / Lanes][f % Lanes]);
    }

    // frames [frame, frame + valid) -> changes [D, Lanes]: what lighting each cell does to each frame's wrong cells
    // (lanes past the last frame: 0); returns each lane's hits, its wrong cells with nothing lit
    private Vector256<float> WriteChanges(int frame, int valid, Span<float> changes)
    {
        Span<float> hits = stackalloc float[Lanes];
        changes.Clear();
        for (int lane = 0; lane < valid; lane++)
        {
            var target = _targets!.Span.Slice((frame + lane) * _cells, _cells);
            for (int d = 0; d < _cells; d++)
            {
                bool hit = target[d] > ThresholdSearchShapes.HitLevel;
                if (hit) hits[lane]++;
                changes[d * Lanes + lane] = target[d] < 0f ? 0f : hit ? -1f : 1f;
            }
        }
        return Vector256.Create((ReadOnlySpan<float>)hits);
    }

    // atom n's preference in the rows of frames [frame, frame + valid) of preference [F, N], 0 in the other lanes
    private Vector256<float> PreferenceOf(int frame, int valid, int n)
    {
        if (_preference is null) return Vector256<float>.Zero;
        Span<float> lanes = stackalloc float[Lanes];
        for (int lane = 0; lane < valid; lane++) lanes[lane] = _preference.Span[(frame + lane) * _atoms + n];
        return Vector256.Create((ReadOnlySpan<float>)lanes);
    }

    // atom n's cells in descending score order while above the minimum cut (the reference's scan stops at the first
    // that is not), each with whether it ends a run of equal scores and so is a cut, and that cut: halfway to the
    // next score (0 at the end, never below 0), at least the minimum; returns how many
    private int SortAtom(int n, Scratch scratch)
    {
        var atom = _scores!.Span.Slice(n * _cells, _cells);
        var order = _order!.Span.Slice(n * _cells, _cells);
        int lit = 0;
        for (; lit < _cells && atom[(int)order[lit]] > _minimumCut; lit++)
        {
            float value = atom[(int)order[lit]];
            float next = lit + 1 < _cells ? float.Max(atom[(int)order[lit + 1]], 0f) : 0f;
            scratch.Cells[lit] = (int)order[lit];
            scratch.IsCut[lit] = next < value;
            scratch.Cuts[lit] = float.Max((value + next) / 2f, _minimumCut);
        }
        return lit;
    }

    // one worker's scratch: an atom's sorted cells [D] with their cut flags and cuts, and the changes
    // [groups, D, Lanes]
    private sealed class Scratch(int cells, int groups)
    {
        public int[] Cells { get; } = new int[cells];
        public bool[] IsCut { get; } = new bool[cells];
        public float[] Cuts { get; } = new float[cells];
        private readonly float[] _changes = new float[groups * cells * Lanes];

        public bool Fits(int cellCount) => Cells.Length == cellCount;

        public Span<float> Changes(int group) => _changes.AsSpan(group * Cells.Length * Lanes, Cells.Length * Lanes);
    }
}
