using TcnWtaNative.Kernels.Reference;
using Ops = TcnWtaNative.Kernels.Reference.ReferenceOps<float>;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The naive baseline: every op as the plain single-threaded loop of <see cref="ReferenceOps{T}"/> in float.
/// It exists to be measured against (bench) and trusted (it is the code the double-precision gradient checks verify).
/// </summary>
public sealed class ScalarBackend : HostMemoryBackend, IComputeBackend
{
    /// <inheritdoc />
    public string Name => "scalar: naive loops, 1 thread";

    private static Span<float> S(DeviceBuffer buffer) => CpuBuffer.Of(buffer).Span;
    private static ReadOnlySpan<float> Optional(DeviceBuffer? buffer)
        => buffer is null ? default : CpuBuffer.Of(buffer).Span;

    /// <inheritdoc />
    public void Conv1dForward(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? bias, DeviceBuffer y)
    {
        ConvShapes.Check(g, x, w, bias, y);
        Ops.Conv1dForward(g, S(x), S(w), Optional(bias), S(y));
    }

    /// <inheritdoc />
    public void Conv1dBackwardInput(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, DeviceBuffer dx,
        bool accumulate)
    {
        ConvShapes.Check(g, dx, w, null, dy);
        Ops.Conv1dBackwardInput(g, S(dy), S(w), S(dx), accumulate);
    }

    /// <inheritdoc />
    public void Conv1dBackwardWeight(in ConvGeometry g, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dw,
        bool accumulate)
    {
        ConvShapes.Check(g, x, dw, null, dy);
        Ops.Conv1dBackwardWeight(g, S(x), S(dy), S(dw), accumulate);
    }

    /// <inheritdoc />
    public void BiasBackward(int batch, int channels, int length, DeviceBuffer dy, DeviceBuffer db, bool accumulate)
        => Ops.BiasBackward(batch, channels, length,
            CpuBuffer.SpanOf(dy, (long)batch * channels * length, nameof(dy)),
            CpuBuffer.SpanOf(db, channels, nameof(db)), accumulate);

    /// <inheritdoc />
    public void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, DeviceBuffer a, DeviceBuffer b,
        float beta, DeviceBuffer c)
        => Ops.Gemm(transposeA, transposeB, m, n, k, alpha,
            CpuBuffer.SpanOf(a, (long)m * k, nameof(a)), CpuBuffer.SpanOf(b, (long)k * n, nameof(b)), beta,
            CpuBuffer.SpanOf(c, (long)m * n, nameof(c)));

    /// <inheritdoc />
    public void Conv1dForwardTopKChannels(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, int k, DeviceBuffer z,
        DeviceBuffer code, DeviceBuffer mask)
        => ComposedOps.Conv1dForwardTopKChannels(this, g, x, w, k, z, code, mask);

    /// <inheritdoc />
    public float Conv1dBackwardInputWithLoss(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, LossSpec loss,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer prediction, DeviceBuffer gradient)
        => ComposedOps.Conv1dBackwardInputWithLoss(this, g, dy, w, loss, target, timeMask, prediction, gradient);

    /// <inheritdoc />
    public void ReluForward(DeviceBuffer x, DeviceBuffer y)
        => Ops.ReluForward(S(x), CpuBuffer.SpanOf(y, x.Length, nameof(y)));

    /// <inheritdoc />
    public void ReluBackward(DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx, bool accumulate)
        => Ops.ReluBackward(S(y), CpuBuffer.SpanOf(dy, y.Length, nameof(dy)),
            CpuBuffer.SpanOf(dx, y.Length, nameof(dx)), accumulate);

    /// <inheritdoc />
    public void Add(DeviceBuffer a, DeviceBuffer b, DeviceBuffer sum)
        => Ops.Add(S(a), CpuBuffer.SpanOf(b, a.Length, nameof(b)), CpuBuffer.SpanOf(sum, a.Length, nameof(sum)));

    /// <inheritdoc />
    public void AddInto(DeviceBuffer source, DeviceBuffer destination)
    {
        var to = CpuBuffer.SpanOf(destination, source.Length, nameof(destination));
        Ops.Add(S(source), to, to);
    }

    /// <inheritdoc />
    public void Multiply(DeviceBuffer a, DeviceBuffer b, DeviceBuffer product)
        => Ops.Multiply(S(a), CpuBuffer.SpanOf(b, a.Length, nameof(b)),
            CpuBuffer.SpanOf(product, a.Length, nameof(product)));

    /// <inheritdoc />
    public void Scale(DeviceBuffer x, float factor)
    {
        var span = S(x);
        for (int i = 0; i < span.Length; i++) span[i] *= factor;
    }

    /// <inheritdoc />
    public void TopKChannels(int batch, int atoms, int length, int k, DeviceBuffer z, DeviceBuffer code,
        DeviceBuffer mask)
    {
        SparsityShapes.CheckTopK(atoms, k);
        Ops.TopKChannels(batch, atoms, length, k, SparsityShapes.Span(z, batch, atoms, length, nameof(z)),
            SparsityShapes.Span(code, batch, atoms, length, nameof(code)),
            SparsityShapes.Span(mask, batch, atoms, length, nameof(mask)));
    }

    /// <inheritdoc />
    public void SpatialWinners(int batch, int atoms, int length, DeviceBuffer z, DeviceBuffer code, DeviceBuffer mask)
        => Ops.SpatialWinners(batch, atoms, length, SparsityShapes.Span(z, batch, atoms, length, nameof(z)),
            SparsityShapes.Span(code, batch, atoms, length, nameof(code)),
            SparsityShapes.Span(mask, batch, atoms, length, nameof(mask)));

    /// <inheritdoc />
    public void LifetimeWinners(int batch, int atoms, int length, float rate, DeviceBuffer z, DeviceBuffer code,
        DeviceBuffer mask)
    {
        SparsityShapes.CheckRate(rate);
        Ops.LifetimeWinners(batch, atoms, length, rate, SparsityShapes.Span(z, batch, atoms, length, nameof(z)),
            SparsityShapes.Span(code, batch, atoms, length, nameof(code)),
            SparsityShapes.Span(mask, batch, atoms, length, nameof(mask)));
    }

    /// <inheritdoc />
    public void MatchingPursuit(int batch, int atoms, int length, int groupFrames, int nonzerosPerGroup,
        DeviceBuffer correlations, DeviceBuffer gram, DeviceBuffer code)
    {
        PursuitShapes.Check(batch, atoms, length, groupFrames, nonzerosPerGroup, correlations, gram, code);
        Ops.MatchingPursuit(batch, atoms, length, groupFrames, nonzerosPerGroup, S(correlations), S(gram), S(code));
    }

    /// <inheritdoc />
    public void ThresholdSearch(int frames, int atoms, int cells, float minimumCut, DeviceBuffer targets,
        DeviceBuffer scores, DeviceBuffer order, DeviceBuffer? preference, DeviceBuffer choice)
    {
        ThresholdSearchShapes.Check(frames, atoms, cells, minimumCut, targets, scores, order, preference, choice);
        Ops.ThresholdSearch(frames, atoms, cells, minimumCut, S(targets), S(scores), S(order),
            preference is null ? Span<float>.Empty : S(preference), S(choice));
    }

    /// <inheritdoc />
    public void UnionDecode(int frames, int entries, int atoms, int frameSize, int hitCells, DeviceBuffer code,
        DeviceBuffer dictionary, DeviceBuffer output)
    {
        UnionDecodeShapes.Check(frames, entries, atoms, frameSize, hitCells, code, dictionary, output);
        Ops.UnionDecode(frames, entries, frameSize, hitCells, S(code), S(dictionary), S(output));
    }

    /// <inheritdoc />
    public float MseLoss(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
    {
        LossShapes.Check(batch, channels, length, prediction, target, timeMask, gradient);
        return Ops.MseLoss(batch, channels, length, S(prediction), S(target), Optional(timeMask), S(gradient));
    }

    /// <inheritdoc />
    public float L1Loss(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
    {
        LossShapes.Check(batch, channels, length, prediction, target, timeMask, gradient);
        return Ops.L1Loss(batch, channels, length, S(prediction), S(target), Optional(timeMask), S(gradient));
    }

    /// <inheritdoc />
    public float HitLoss(int batch, int channels, int length, int hitChannels, DeviceBuffer prediction,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer gradient)
    {
        LossShapes.Check(LossSpec.Hits(hitChannels), batch, channels, length, prediction, target, timeMask, gradient);
        return Ops.HitLoss(batch, channels, length, hitChannels, S(prediction), S(target), Optional(timeMask),
            S(gradient));
    }

    /// <inheritdoc />
    public double SumOfSquares(DeviceBuffer x) => Ops.SumOfSquares(S(x));

    /// <inheritdoc />
    public void AdamStep(in AdamSettings settings, int step, DeviceBuffer parameters, DeviceBuffer gradients,
        DeviceBuffer firstMoment, DeviceBuffer secondMoment)
    {
        AdamShapes.Check(step, parameters, gradients, firstMoment, secondMoment);
        Ops.AdamStep(settings, step, S(parameters), S(gradients), S(firstMoment), S(secondMoment));
    }

    /// <inheritdoc />
    public void NormalizeRows(DeviceBuffer matrix, int rows, int rowLength)
        => Ops.NormalizeRows(CpuBuffer.SpanOf(matrix, (long)rows * rowLength, nameof(matrix)), rows, rowLength);
}
