using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The SIMD CPU backend: convolutions as packed Vector512/Vector256 FMA GEMMs over all cores, elementwise ops through
/// TensorPrimitives split over the cores, deterministic winner selection. Not thread-safe: one instance owns its
/// scratch buffers.
/// </summary>
public sealed class CpuBackend : HostMemoryBackend, IComputeBackend
{
    private readonly ConvolutionAsGemm _conv = new();
    private readonly BatchPursuit _pursuit = new();
    private readonly ParallelThresholdSearch _thresholds = new();
    private readonly ParallelUnionDecode _unions = new();

    /// <inheritdoc />
    public string Name =>
        $"cpu: SIMD {(Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2"
            : "software")} " +
        $"({(PackedGemm.PanelCols == 32 ? "Vector512 6x32" : "Vector256 6x16")} FMA GEMM), " +
        $"{CoreWorkers.Active} threads";

    /// <inheritdoc />
    public override void Fill(DeviceBuffer buffer, float value) => ParallelFill.Run(CpuBuffer.Of(buffer), value);

    /// <inheritdoc />
    protected override void GatherCheckedRows(int rows, int rowLength, CpuBuffer source, CpuBuffer indices,
        CpuBuffer destination) => ParallelRowGather.Run(rows, rowLength, source, indices, destination);

    /// <inheritdoc />
    protected override void AddCheckedDrumHitNoise(int batch, int drums, int length, CpuBuffer clean,
        CpuBuffer? steps, DrumHitNoise noise, CpuBuffer noisy)
        => ParallelDrumHitNoise.Run(batch, drums, length, clean, steps, noise, noisy);

    /// <inheritdoc />
    public void Conv1dForward(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? bias, DeviceBuffer y)
    {
        ConvShapes.Check(g, x, w, bias, y);
        _conv.Forward(g, CpuBuffer.Of(x), CpuBuffer.Of(w), bias is null ? null : CpuBuffer.Of(bias), CpuBuffer.Of(y));
    }

    /// <inheritdoc />
    public void Conv1dForwardMasked(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer mask,
        DeviceBuffer y)
    {
        ConvShapes.Check(g, x, w, null, y);
        ConvShapes.Expect(mask, g.OutputSize, nameof(mask));
        _conv.ForwardMasked(g, CpuBuffer.Of(x), CpuBuffer.Of(w), CpuBuffer.Of(mask), CpuBuffer.Of(y));
    }

    /// <inheritdoc />
    public void Conv1dBackwardInput(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, DeviceBuffer dx,
        bool accumulate)
    {
        ConvShapes.Check(g, dx, w, null, dy);
        _conv.BackwardInput(g, CpuBuffer.Of(dy), CpuBuffer.Of(w), CpuBuffer.Of(dx), accumulate);
    }

    /// <inheritdoc />
    public void Conv1dBackwardWeight(in ConvGeometry g, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dw,
        bool accumulate)
    {
        ConvShapes.Check(g, x, dw, null, dy);
        _conv.BackwardWeight(g, CpuBuffer.Of(x), CpuBuffer.Of(dy), CpuBuffer.Of(dw), accumulate);
    }

    /// <inheritdoc />
    public void BiasBackward(int batch, int channels, int length, DeviceBuffer dy, DeviceBuffer db, bool accumulate)
    {
        CpuBuffer.SpanOf(dy, (long)batch * channels * length, nameof(dy));
        CpuBuffer.SpanOf(db, channels, nameof(db));
        ParallelBiasGradient.Run(batch, channels, length, CpuBuffer.Of(dy), CpuBuffer.Of(db), accumulate);
    }

    /// <inheritdoc />
    public void Conv1dForwardTopKChannels(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, int k, DeviceBuffer z,
        DeviceBuffer code, DeviceBuffer mask)
    {
        ConvShapes.Check(g, x, w, null, z);
        SparsityShapes.CheckTopK(g.OutChannels, k);
        SparsityShapes.Check(g.Batch, g.OutChannels, g.OutLength, z, code, mask);
        _conv.ForwardTopKChannels(g, CpuBuffer.Of(x), CpuBuffer.Of(w), k, CpuBuffer.Of(z), CpuBuffer.Of(code),
            CpuBuffer.Of(mask));
    }

    /// <inheritdoc />
    public float Conv1dBackwardInputWithLoss(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, LossSpec loss,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer prediction, DeviceBuffer gradient)
    {
        ConvShapes.Check(g, prediction, w, null, dy);
        LossShapes.Check(loss, g.Batch, g.InChannels, g.InLength, prediction, target, timeMask, gradient);
        return _conv.BackwardInputWithLoss(g, CpuBuffer.Of(dy), CpuBuffer.Of(w), loss, CpuBuffer.Of(target),
            timeMask is null ? null : CpuBuffer.Of(timeMask), CpuBuffer.Of(prediction), CpuBuffer.Of(gradient));
    }

    /// <inheritdoc />
    public void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, DeviceBuffer a, DeviceBuffer b,
        float beta, DeviceBuffer c)
    {
        CpuBuffer.SpanOf(a, (long)m * k, nameof(a));
        CpuBuffer.SpanOf(b, (long)k * n, nameof(b));
        var output = CpuBuffer.Of(c);
        CpuBuffer.SpanOf(c, (long)m * n, nameof(c));
        var left = CpuBuffer.Of(a);
        var right = CpuBuffer.Of(b);
        _conv.Gemm.Multiply(m, n, k, alpha, new(left.Storage, left.Offset, transposeA),
            new(right.Storage, right.Offset, transposeB), beta, output.Storage, output.Offset);
    }

    /// <inheritdoc />
    public void ReluForward(DeviceBuffer x, DeviceBuffer y)
    {
        CpuBuffer.SpanOf(y, x.Length, nameof(y));
        ParallelElementwise.Run(ElementwiseOp.ReluForward, CpuBuffer.Of(x), null, CpuBuffer.Of(y));
    }

    /// <inheritdoc />
    public void ReluBackward(DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx, bool accumulate)
    {
        CpuBuffer.SpanOf(dy, y.Length, nameof(dy));
        CpuBuffer.SpanOf(dx, y.Length, nameof(dx));
        var op = accumulate ? ElementwiseOp.ReluBackwardAccumulate : ElementwiseOp.ReluBackward;
        ParallelElementwise.Run(op, CpuBuffer.Of(y), CpuBuffer.Of(dy), CpuBuffer.Of(dx));
    }

    /// <inheritdoc />
    public void Add(DeviceBuffer a, DeviceBuffer b, DeviceBuffer sum)
        => Elementwise(ElementwiseOp.Add, a, (b, nameof(b)), (sum, nameof(sum)));

    /// <inheritdoc />
    public void AddInto(DeviceBuffer source, DeviceBuffer destination)
    {
        CpuBuffer.SpanOf(destination, source.Length, nameof(destination));
        ParallelElementwise.Run(ElementwiseOp.Add, CpuBuffer.Of(destination), CpuBuffer.Of(source),
            CpuBuffer.Of(destination));
    }

    /// <inheritdoc />
    public void Multiply(DeviceBuffer a, DeviceBuffer b, DeviceBuffer product)
        => Elementwise(ElementwiseOp.Multiply, a, (b, nameof(b)), (product, nameof(product)));

    /// <inheritdoc />
    public void Scale(DeviceBuffer x, float factor)
    {
        var span = CpuBuffer.Of(x).Span;
        TensorPrimitives.Multiply(span, factor, span);
    }

    /// <inheritdoc />
    public void TopKChannels(int batch, int atoms, int length, int k, DeviceBuffer z, DeviceBuffer code,
        DeviceBuffer mask)
    {
        SparsityShapes.CheckTopK(atoms, k);
        SparsityShapes.Check(batch, atoms, length, z, code, mask);
        CpuBuffer input = CpuBuffer.Of(z), output = CpuBuffer.Of(code), kept = CpuBuffer.Of(mask);
        WinnerSelection.TopKChannels(batch, atoms, length, k, input.Storage, input.Offset, output.Storage,
            output.Offset, kept.Storage, kept.Offset);
    }

    /// <inheritdoc />
    public void SpatialWinners(int batch, int atoms, int length, DeviceBuffer z, DeviceBuffer code, DeviceBuffer mask)
    {
        SparsityShapes.Check(batch, atoms, length, z, code, mask);
        CpuBuffer input = CpuBuffer.Of(z), output = CpuBuffer.Of(code), kept = CpuBuffer.Of(mask);
        WinnerSelection.SpatialWinners(batch, atoms, length, input.Storage, input.Offset, output.Storage, output.Offset,
            kept.Storage, kept.Offset);
    }

    /// <inheritdoc />
    public void LifetimeWinners(int batch, int atoms, int length, float rate, DeviceBuffer z, DeviceBuffer code,
        DeviceBuffer mask)
    {
        SparsityShapes.CheckRate(rate);
        SparsityShapes.Check(batch, atoms, length, z, code, mask);
        CpuBuffer input = CpuBuffer.Of(z), output = CpuBuffer.Of(code), kept = CpuBuffer.Of(mask);
        WinnerSelection.LifetimeWinners(batch, atoms, length, SparsityShapes.LifetimeKeepCount(batch, rate),
            input.Storage, input.Offset, output.Storage, output.Offset, kept.Storage, kept.Offset);
    }

    /// <inheritdoc />
    public void MatchingPursuit(int batch, int atoms, int length, int groupFrames, int nonzerosPerGroup,
        DeviceBuffer correlations, DeviceBuffer gram, DeviceBuffer code)
    {
        PursuitShapes.Check(batch, atoms, length, groupFrames, nonzerosPerGroup, correlations, gram, code);
        _pursuit.Encode(batch, atoms, length, groupFrames, nonzerosPerGroup, CpuBuffer.Of(correlations),
            CpuBuffer.Of(gram), CpuBuffer.Of(code));
    }

    /// <inheritdoc />
    public void ThresholdSearch(int frames, int atoms, int cells, float minimumCut, DeviceBuffer targets,
        DeviceBuffer scores, DeviceBuffer order, DeviceBuffer? preference, DeviceBuffer choice)
    {
        ThresholdSearchShapes.Check(frames, atoms, cells, minimumCut, targets, scores, order, preference, choice);
        _thresholds.Search(frames, atoms, cells, minimumCut, CpuBuffer.Of(targets), CpuBuffer.Of(scores),
            CpuBuffer.Of(order), preference is null ? null : CpuBuffer.Of(preference), CpuBuffer.Of(choice));
    }

    /// <inheritdoc />
    public void UnionDecode(int frames, int entries, int atoms, int frameSize, int hitCells, DeviceBuffer code,
        DeviceBuffer dictionary, DeviceBuffer output)
    {
        UnionDecodeShapes.Check(frames, entries, atoms, frameSize, hitCells, code, dictionary, output);
        _unions.Decode(frames, entries, frameSize, hitCells, CpuBuffer.Of(code), CpuBuffer.Of(dictionary),
            CpuBuffer.Of(output));
    }

    /// <inheritdoc />
    public float MseLoss(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
    {
        LossShapes.Check(batch, channels, length, prediction, target, timeMask, gradient);
        return CpuLosses.Mse(batch, channels, length, CpuBuffer.Of(prediction).Span, CpuBuffer.Of(target).Span,
            timeMask is null ? default : CpuBuffer.Of(timeMask).Span, CpuBuffer.Of(gradient).Span);
    }

    /// <inheritdoc />
    public float L1Loss(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
    {
        LossShapes.Check(batch, channels, length, prediction, target, timeMask, gradient);
        return CpuLosses.L1(batch, channels, length, CpuBuffer.Of(prediction).Span, CpuBuffer.Of(target).Span,
            timeMask is null ? default : CpuBuffer.Of(timeMask).Span, CpuBuffer.Of(gradient).Span);
    }

    /// <inheritdoc />
    public float HitLoss(int batch, int channels, int length, int hitChannels, DeviceBuffer prediction,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer gradient)
    {
        LossShapes.Check(LossSpec.Hits(hitChannels), batch, channels, length, prediction, target, timeMask, gradient);
        return CpuHitLoss.Compute(batch, channels, length, hitChannels, CpuBuffer.Of(prediction).Span,
            CpuBuffer.Of(target).Span,
            timeMask is null ? default : CpuBuffer.Of(timeMask).Span, CpuBuffer.Of(gradient).Span);
    }

    /// <inheritdoc />
    public double SumOfSquares(DeviceBuffer x) => CpuOptimizerOps.SumOfSquares(CpuBuffer.Of(x).Span);

    /// <inheritdoc />
    public void AdamStep(in AdamSettings settings, int step, DeviceBuffer parameters, DeviceBuffer gradients,
        DeviceBuffer firstMoment, DeviceBuffer secondMoment)
    {
        AdamShapes.Check(step, parameters, gradients, firstMoment, secondMoment);
        CpuOptimizerOps.AdamStep(settings, step, CpuBuffer.Of(parameters), CpuBuffer.Of(gradients),
            CpuBuffer.Of(firstMoment), CpuBuffer.Of(secondMoment));
    }

    /// <inheritdoc />
    public void NormalizeRows(DeviceBuffer matrix, int rows, int rowLength)
        => CpuOptimizerOps.NormalizeRows(CpuBuffer.SpanOf(matrix, (long)rows * rowLength, nameof(matrix)), rows,
            rowLength);

    // op(first, second) into output, second and output checked to be as long as first (errors name them as the caller
    // does)
    private static void Elementwise(ElementwiseOp op, DeviceBuffer first, (DeviceBuffer Buffer, string Name) second,
        (DeviceBuffer Buffer, string Name) output)
    {
        CpuBuffer.SpanOf(second.Buffer, first.Length, second.Name);
        CpuBuffer.SpanOf(output.Buffer, first.Length, output.Name);
        ParallelElementwise.Run(op, CpuBuffer.Of(first), CpuBuffer.Of(second.Buffer), CpuBuffer.Of(output.Buffer));
    }
}
