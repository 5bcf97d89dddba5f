using Ops = TcnWtaNative.Kernels.Reference.ReferenceOps<float>;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// <see cref="IComputeBackend.ThresholdSearch"/> on all cores: frames are independent, so each work item runs the
/// reference loop over a block of <see cref="FramesPerItem"/> frames (targets [F, D], negative cells don't-care, ties
/// by preference [F, N] where given -> choice [F, 2]); the choices are the reference's bit for bit.
/// </summary>
internal sealed class ParallelThresholdSearch : ParallelJob
{
    private const int FramesPerItem = 32;

    private CpuBuffer? _targets, _scores, _order, _preference, _choice;
    private int _frames, _atoms, _cells;
    private float _minimumCut;

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
        int first = index * FramesPerItem, count = Math.Min(FramesPerItem, _frames - first);
        var targets = _targets!.Span.Slice(first * _cells, count * _cells);
        var preference = _preference is null ? Span<float>.Empty
            : _preference.Span.Slice(first * _atoms, count * _atoms);
        Ops.ThresholdSearch(count, _atoms, _cells, _minimumCut, targets, _scores!.Span, _order!.Span, preference,
            _choice!.Span.Slice(2 * first, 2 * count));
    }
}
