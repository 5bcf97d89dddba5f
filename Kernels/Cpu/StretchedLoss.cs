using System.Runtime.CompilerServices;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// MSE, L1 or the hits loss of prediction against target [B, C, T] (time mask [B, T] optional) formed stretch by
/// stretch, each as soon as whatever writes the prediction has finished it and while it is still in that core's cache
/// (a GEMM epilogue, a scatter job). Stretch s is entries [s*S, (s+1)*S), whole rows of T. Its sum lands in slot s and
/// <see cref="End"/> adds the slots in order, so the loss does not depend on which thread finished which stretch. The
/// gradient is written as <see cref="CpuLosses"/> and <see cref="CpuHitLoss"/> write it, with the same terms. Reused
/// between calls; allocates only to grow.
/// </summary>
public sealed class StretchedLoss
{
    private double[] _partials = [];
    private LossSpec _loss;
    private int _channels, _length, _stretch;
    private double _count;
    private float _scale;
    private CpuBuffer? _prediction, _target, _timeMask, _gradient;

    /// <summary>How many stretches the loss begun last is split into.</summary>
    public int Stretches { get; private set; }

    /// <summary>
    /// Starts a loss over [B, C, T] in stretches of <paramref name="stretchLength"/> entries (a multiple of T dividing
    /// B*C*T).
    /// </summary>
    public void Begin(LossSpec loss, int batch, int channels, int length, CpuBuffer prediction, CpuBuffer target,
        CpuBuffer? timeMask, CpuBuffer gradient, int stretchLength)
    {
        loss.Validate(channels);
        (_loss, _channels, _length, _stretch) = (loss, channels, length, stretchLength);
        (_prediction, _target, _timeMask, _gradient) = (prediction, target, timeMask, gradient);
        Stretches = batch * channels * length / stretchLength;
        if (_partials.Length < Stretches) _partials = new double[Stretches];
        _count = CpuLosses.UnmaskedCount(batch, channels, length, timeMask is null ? default : timeMask.Span);
        _scale = CpuLosses.GradientScale(_count);
    }

    /// <summary>
    /// Stretches [first, first + count) of the prediction are final: their terms are summed and their gradient written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Finish(int first, int count)
    {
        ReadOnlySpan<float> y = _prediction!.Span, x = _target!.Span,
            mask = _timeMask is null ? default : _timeMask.Span;
        var gradient = _gradient!.Span;
        for (int s = first; s < first + count; s++)
            _partials[s] = _loss.Kind switch
            {
                LossKind.Mse
                    => CpuLosses.Stretch<CpuLosses.SquaredError>(s * _stretch, _stretch, _channels, _length, y, x, mask,
                        gradient, _scale),
                LossKind.L1
                    => CpuLosses.Stretch<CpuLosses.AbsoluteError>(s * _stretch, _stretch, _channels, _length, y, x,
                        mask, gradient, _scale),
                _ => CpuHitLoss.Stretch(s * _stretch, _stretch, _channels, _length, _loss.HitChannels, y, x, mask,
                    gradient, _scale),
            };
    }

    /// <summary>
    /// The mean over unmasked entries, once every stretch is finished; drops the references to the caller's buffers.
    /// </summary>
    public float End()
    {
        double total = 0;
        for (int s = 0; s < Stretches; s++) total += _partials[s];
        (_prediction, _target, _timeMask, _gradient) = (null, null, null, null);
        return CpuLosses.Mean(total, _count);
    }
}
