using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

// ILGPU's CPU accelerator emits its kernel launchers into an assembly of this name; it must see the internal kernels.
[assembly: InternalsVisibleTo("ILGPURuntime")]

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Every op of <see cref="IComputeBackend"/> as ILGPU kernels on one accelerator (CUDA, OpenCL, or the CPU
/// accelerator). Kernels are compiled once, here; ops launch asynchronously on the accelerator's default stream
/// and only the ops that return a scalar (losses, sum of squares) and <see cref="Download"/> wait for the device.
/// </summary>
public sealed class IlgpuBackend : IComputeBackend, IDevicePeakProbe
{
    private readonly Context? _ownedContext;
    private readonly Accelerator _accelerator;
    private readonly bool _ownsAccelerator;
    private readonly ElementwiseKernels _elementwise;
    private readonly DrumHitNoiseKernels _drumHitNoise;
    private readonly GemmKernels _gemm;
    private readonly ConvolutionKernels _convolution;
    private readonly FrameCodeKernels _frameCodes;
    private readonly SparseInputKernels _sparseInputs;
    private readonly SparsityKernels _sparsity;
    private readonly PursuitKernels _pursuit;
    private readonly ThresholdSearchKernels _thresholds;
    private readonly UnionDecodeKernels _unions;
    private readonly ReductionKernels _reductions;
    private readonly OptimizerKernels _optimizer;
    private readonly SplitKSupport _splitK;
    private readonly Lazy<PeakProbeKernels> _peaks;

    /// <summary>
    /// Opens the first device of <paramref name="kind"/>; throws <see cref="NotSupportedException"/> when there is
    /// none.
    /// </summary>
    public IlgpuBackend(IlgpuDeviceKind kind) : this(kind, SplitKPolicy.ByShape) { }

    /// <summary>
    /// Opens the first device of <paramref name="kind"/>, splitting GEMM reductions as <paramref name="splitK"/> says.
    /// </summary>
    public IlgpuBackend(IlgpuDeviceKind kind, SplitKPolicy splitK)
        : this(kind, splitK, GemmTilePolicy.ByShape, GemmPrecision.Fp32) { }

    /// <summary>
    /// Opens the first device of <paramref name="kind"/>, splitting GEMM reductions as <paramref name="splitK"/> says
    /// and choosing each GEMM's kernel as <paramref name="tiles"/> says.
    /// </summary>
    public IlgpuBackend(IlgpuDeviceKind kind, SplitKPolicy splitK, GemmTilePolicy tiles)
        : this(kind, splitK, tiles, GemmPrecision.Fp32) { }

    /// <summary>
    /// Opens the first device of <paramref name="kind"/>, splitting GEMM reductions as <paramref name="splitK"/> says
    /// and running every GEMM and convolution at <paramref name="precision"/>.
    /// </summary>
    public IlgpuBackend(IlgpuDeviceKind kind, SplitKPolicy splitK, GemmPrecision precision)
        : this(kind, splitK, GemmTilePolicy.ByShape, precision) { }

    /// <summary>
    /// Opens the first device of <paramref name="kind"/>, splitting GEMM reductions as <paramref name="splitK"/> says,
    /// choosing each fp32 GEMM's kernel and each TF32 GEMM's block as <paramref name="tiles"/> says and running every
    /// GEMM and convolution at <paramref name="precision"/>.
    /// </summary>
    public IlgpuBackend(IlgpuDeviceKind kind, SplitKPolicy splitK, GemmTilePolicy tiles, GemmPrecision precision)
        : this(IlgpuDevices.Open(kind), splitK, tiles, precision) { }

    /// <summary>Runs on an accelerator the caller owns and disposes.</summary>
    public IlgpuBackend(Accelerator accelerator)
        : this(null, accelerator, ownsAccelerator: false, SplitKPolicy.ByShape, GemmTilePolicy.ByShape,
            GemmPrecision.Fp32) { }

    private IlgpuBackend((Context Context, Accelerator Accelerator) opened, SplitKPolicy splitK, GemmTilePolicy tiles,
        GemmPrecision precision)
        : this(opened.Context, opened.Accelerator, ownsAccelerator: true, splitK, tiles, precision) { }

    private IlgpuBackend(Context? context, Accelerator accelerator, bool ownsAccelerator, SplitKPolicy splitK,
        GemmTilePolicy tiles, GemmPrecision precision)
    {
        _ownedContext = context;
        _accelerator = accelerator;
        _ownsAccelerator = ownsAccelerator;
        if (AcceleratorSupport.Refusal(accelerator.Name, accelerator.AcceleratorType,
                accelerator.MaxNumThreadsPerGroup, precision) is { } refusal)
        {
            Dispose();
            throw refusal;
        }
        _elementwise = new ElementwiseKernels(accelerator);
        _drumHitNoise = new DrumHitNoiseKernels(accelerator);
        _splitK = new SplitKSupport(accelerator, splitK, tiles);
        Precision = precision;
        _gemm = new GemmKernels(accelerator, _splitK, precision);
        _convolution = new ConvolutionKernels(accelerator, _splitK, precision);
        _frameCodes = new FrameCodeKernels(accelerator);
        _sparseInputs = new SparseInputKernels(accelerator);
        _sparsity = new SparsityKernels(accelerator);
        _pursuit = new PursuitKernels(accelerator);
        _thresholds = new ThresholdSearchKernels(accelerator);
        _unions = new UnionDecodeKernels(accelerator);
        _reductions = new ReductionKernels(accelerator);
        _optimizer = new OptimizerKernels(accelerator);
        _peaks = new(() => new PeakProbeKernels(accelerator));
    }

    /// <summary>The arithmetic of this backend's GEMMs and convolutions.</summary>
    public GemmPrecision Precision { get; }

    /// <summary>
    /// Whether the products under a sparsity hint run over the non-zeros (the default) or as the dense GEMMs every
    /// other convolution runs: those of frames whose code side is a winner-take-all code
    /// (<see cref="ConvGeometry.OutputIsSparseCode"/>), and the forward and weight gradient of a mostly zero input
    /// (<see cref="ConvGeometry.InputIsSparse"/>). The bench's kernel sweep times both.
    /// </summary>
    public bool SparseProducts { get; init; } = true;

    /// <summary>
    /// Whether each GEMM's split and kernel are chosen by timing the candidates the first time its class of shapes
    /// comes (sizes to the next power of two; <see cref="GemmTuner"/>, as cuDNN's benchmark mode), not by the
    /// shape rules (off by default: a tuned run is not bit-for-bit repeatable). The bench's kernel sweep times it
    /// beside the rules.
    /// </summary>
    public bool TunesGemms
    {
        get => _splitK.Tuner is not null;
        init
        {
            if (value) _splitK.TuneByTiming();
        }
    }

    /// <summary>GEMM plans timed so far while <see cref="TunesGemms"/>, over every shape.</summary>
    public int TimedGemmPlans => _splitK.Tuner?.TimedPlans ?? 0;

    /// <inheritdoc />
    public bool BuffersInHostMemory => false;

    /// <inheritdoc />
    public long MemoryBytes => _accelerator switch
    {
        CudaAccelerator cuda => Math.Min(cuda.MemorySize, cuda.GetFreeMemory() + DeviceAllocation.HeldBytes(cuda)),
        { AcceleratorType: AcceleratorType.CPU } => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        _ => _accelerator.MemorySize,
    };

    /// <inheritdoc />
    public long? DeviceBytesHeld => DeviceAllocation.HeldBytes(_accelerator);

    /// <inheritdoc />
    public DevicePeaks MeasurePeaks(int runs = 5) => _peaks.Value.Measure(runs);

    /// <inheritdoc />
    public string Name => (_accelerator.AcceleratorType switch
    {
        AcceleratorType.Cuda or AcceleratorType.OpenCL =>
            $"{(_accelerator.AcceleratorType == AcceleratorType.Cuda ? "cuda" : "opencl")}: {_accelerator.Name}, " +
            $"{_accelerator.MemorySize >> 20} MiB, {_accelerator.NumMultiprocessors} multiprocessors",
        _ => $"ilgpu-cpu: ILGPU CPU accelerator simulating a GPU "
            + $"({_accelerator.MaxNumThreadsPerGroup} threads per group)",
    }) + (Precision == GemmPrecision.Tf32 ? ", TF32 GEMMs" : "");

    // ---- memory ----

    /// <inheritdoc />
    public DeviceBuffer Allocate(int length) => new IlgpuBuffer(_accelerator, length);

    /// <inheritdoc />
    public void Upload(ReadOnlySpan<float> source, DeviceBuffer destination)
    {
        var view = Sized(destination, source.Length, nameof(destination));
        if (source.Length > 0) view.CopyFromCPU(_accelerator.DefaultStream, source);
    }

    /// <inheritdoc />
    public void Download(DeviceBuffer source, Span<float> destination)
    {
        var view = Sized(source, destination.Length, nameof(source));
        if (destination.Length > 0) view.CopyToCPU(_accelerator.DefaultStream, destination);
    }

    /// <inheritdoc />
    public void Fill(DeviceBuffer buffer, float value) => _elementwise.Fill(View(buffer), value);

    /// <inheritdoc />
    public void Synchronize() => _accelerator.Synchronize();

    /// <inheritdoc />
    public void Copy(DeviceBuffer source, DeviceBuffer destination)
    {
        var from = View(source);
        var to = Sized(destination, source.Length, nameof(destination));
        if (from.Length > 0) from.CopyTo(_accelerator.DefaultStream, to);
    }

    /// <inheritdoc />
    public void CopyRows(int rows, DeviceBuffer source, int sourceLength, DeviceBuffer destination,
        int destinationLength)
        => _elementwise.CopyRows(Sized(source, (long)rows * sourceLength, nameof(source)), sourceLength,
            Sized(destination, (long)rows * destinationLength, nameof(destination)), destinationLength);

    /// <inheritdoc />
    public void OneHot(int batch, int channels, int length, DeviceBuffer ids, DeviceBuffer destination)
        => _elementwise.OneHot(Sized(ids, (long)batch * length, nameof(ids)), channels, length,
            Sized(destination, (long)batch * channels * length, nameof(destination)));

    /// <inheritdoc />
    public void GatherRows(int rows, int rowLength, DeviceBuffer source, DeviceBuffer indices, DeviceBuffer destination)
        => _elementwise.GatherRows(View(source), Sized(indices, rows, nameof(indices)), rowLength,
            Sized(destination, (long)rows * rowLength, nameof(destination)));

    /// <inheritdoc />
    public void AddDrumHitNoise(int batch, int drums, int length, DeviceBuffer clean, DeviceBuffer? steps,
        DrumHitNoise noise, DeviceBuffer noisy)
    {
        DrumHitNoiseShapes.Check(batch, drums, length, clean, steps, noise, noisy);
        _drumHitNoise.Add(batch, drums, length, View(clean), steps is null ? null : View(steps), noise, View(noisy));
    }

    // ---- convolution ----

    /// <inheritdoc />
    public void Conv1dForward(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? bias, DeviceBuffer y)
    {
        ConvShapes.Check(g, x, w, bias, y);
        if (RunsOverInput(g, forward: true))
            _sparseInputs.Forward(g, View(x), View(w), bias is null ? null : View(bias), View(y));
        else _convolution.Forward(g, View(x), View(w), bias is null ? null : View(bias), View(y));
    }

    /// <inheritdoc />
    public void Conv1dBackwardInput(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, DeviceBuffer dx,
        bool accumulate)
    {
        ConvShapes.Check(g, dx, w, null, dy);
        if (RunsOverCode(g)) _frameCodes.Decode(g, View(dy), View(w), View(dx), accumulate);
        else _convolution.BackwardInput(g, View(dy), View(w), View(dx), accumulate);
    }

    /// <inheritdoc />
    public void Conv1dBackwardWeight(in ConvGeometry g, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dw,
        bool accumulate)
    {
        ConvShapes.Check(g, x, dw, null, dy);
        if (RunsOverCode(g)) _frameCodes.WeightGradient(g, View(x), View(dy), View(dw), accumulate);
        else if (RunsOverInput(g, forward: false))
            _sparseInputs.WeightGradient(g, View(x), View(dy), View(dw), accumulate);
        else _convolution.BackwardWeight(g, View(x), View(dy), View(dw), accumulate);
    }

    // The products of a conv whose code side is mostly zeros run over its non-zeros (FrameCodeKernels) where the
    // frames do not overlap; the hint is all there is to go on, since counting the non-zeros would wait for the device.
    private bool RunsOverCode(in ConvGeometry g)
        => SparseProducts && g.OutputIsSparseCode && g.IsNonOverlappingFrames;

    // The forward and weight gradient of a mostly zero input (one-hot events) run over its non-zeros
    // (SparseInputKernels), the forward where a kernel's taps span at most 32 steps; again on the hint alone.
    private bool RunsOverInput(in ConvGeometry g, bool forward)
        => SparseProducts && g.InputIsSparse && (!forward || SparseInputKernels.Handles(g));

    /// <inheritdoc />
    public void BiasBackward(int batch, int channels, int length, DeviceBuffer dy, DeviceBuffer db, bool accumulate)
        => _reductions.BiasBackward(batch, channels, length,
            Sized(dy, (long)batch * channels * length, nameof(dy)), Sized(db, channels, nameof(db)), accumulate);

    /// <inheritdoc />
    public void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, DeviceBuffer a, DeviceBuffer b,
        float beta, DeviceBuffer c)
        => _gemm.Gemm(transposeA, transposeB, new GemmShape(m, n, k, alpha, beta),
            Sized(a, (long)m * k, nameof(a)), Sized(b, (long)k * n, nameof(b)), Sized(c, (long)m * n, nameof(c)));

    // ---- fused: the unfused kernels in turn (a fused kernel wants a GPU to tune on) ----

    /// <inheritdoc />
    public void Conv1dForwardTopKChannels(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, int k, DeviceBuffer z,
        DeviceBuffer code, DeviceBuffer mask)
        => ComposedOps.Conv1dForwardTopKChannels(this, g, x, w, k, z, code, mask);

    /// <inheritdoc />
    public void Conv1dForwardMasked(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer mask,
        DeviceBuffer y)
    {
        if (!RunsOverCode(g))
        {
            ComposedOps.Conv1dForwardMasked(this, g, x, w, mask, y);
            return;
        }
        ConvShapes.Check(g, x, w, null, y);
        ConvShapes.Expect(mask, g.OutputSize, nameof(mask));
        _frameCodes.MaskedCorrelate(g, View(x), View(w), View(mask), View(y));
    }

    /// <inheritdoc />
    public float Conv1dBackwardInputWithLoss(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, LossSpec loss,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer prediction, DeviceBuffer gradient)
        => ComposedOps.Conv1dBackwardInputWithLoss(this, g, dy, w, loss, target, timeMask, prediction, gradient);

    /// <inheritdoc />
    public void Conv1dBackwardInputWithDeviceLoss(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, LossSpec loss,
        DeviceBuffer target, DeviceBuffer? timeMask,
        DeviceBuffer prediction, DeviceBuffer gradient, DeviceBuffer lossSlot)
    {
        Conv1dBackwardInput(g, dy, w, prediction, accumulate: false);
        LossShapes.Check(loss, g.Batch, g.InChannels, g.InLength, prediction, target, timeMask, gradient);
        _reductions.LossOnDevice(loss, g.Batch, g.InChannels, g.InLength, View(prediction), View(target),
            timeMask is null ? null : View(timeMask), View(gradient), Sized(lossSlot, 1, nameof(lossSlot)));
    }

    // ---- elementwise ----

    /// <inheritdoc />
    public void ReluForward(DeviceBuffer x, DeviceBuffer y)
        => _elementwise.ReluForward(View(x), Sized(y, x.Length, nameof(y)));

    /// <inheritdoc />
    public void ReluBackward(DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx, bool accumulate)
        => _elementwise.ReluBackward(View(y), Sized(dy, y.Length, nameof(dy)), Sized(dx, y.Length, nameof(dx)),
            accumulate);

    /// <inheritdoc />
    public void Add(DeviceBuffer a, DeviceBuffer b, DeviceBuffer sum)
        => _elementwise.Add(View(a), Sized(b, a.Length, nameof(b)), Sized(sum, a.Length, nameof(sum)));

    /// <inheritdoc />
    public void AddInto(DeviceBuffer source, DeviceBuffer destination)
    {
        var to = Sized(destination, source.Length, nameof(destination));
        _elementwise.Add(View(source), to, to);
    }

    /// <inheritdoc />
    public void Multiply(DeviceBuffer a, DeviceBuffer b, DeviceBuffer product)
        => _elementwise.Multiply(View(a), Sized(b, a.Length, nameof(b)), Sized(product, a.Length, nameof(product)));

    /// <inheritdoc />
    public void Scale(DeviceBuffer x, float factor) => _elementwise.Scale(View(x), factor);

    // ---- sparsifiers ----

    /// <inheritdoc />
    public void TopKChannels(int batch, int atoms, int length, int k, DeviceBuffer z, DeviceBuffer code,
        DeviceBuffer mask)
    {
        SparsityShapes.CheckTopK(atoms, k);
        SparsityShapes.Check(batch, atoms, length, z, code, mask);
        _sparsity.TopKChannels(batch, atoms, length, k, View(z), View(code), View(mask));
    }

    /// <inheritdoc />
    public void SpatialWinners(int batch, int atoms, int length, DeviceBuffer z, DeviceBuffer code, DeviceBuffer mask)
    {
        SparsityShapes.Check(batch, atoms, length, z, code, mask);
        _sparsity.SpatialWinners(batch, atoms, length, View(z), View(code), View(mask));
    }

    /// <inheritdoc />
    public void LifetimeWinners(int batch, int atoms, int length, float rate, DeviceBuffer z, DeviceBuffer code,
        DeviceBuffer mask)
    {
        SparsityShapes.CheckRate(rate);
        SparsityShapes.Check(batch, atoms, length, z, code, mask);
        _sparsity.LifetimeWinners(batch, atoms, length, SparsityShapes.LifetimeKeepCount(batch, rate), View(z),
            View(code), View(mask));
    }

    // ---- sparse coding ----

    /// <inheritdoc />
    public void MatchingPursuit(int batch, int atoms, int length, int groupFrames, int nonzerosPerGroup,
        DeviceBuffer correlations, DeviceBuffer gram, DeviceBuffer code)
    {
        PursuitShapes.Check(batch, atoms, length, groupFrames, nonzerosPerGroup, correlations, gram, code);
        _pursuit.MatchingPursuit(batch, atoms, length, groupFrames, nonzerosPerGroup, View(correlations), View(gram),
            View(code));
    }

    /// <inheritdoc />
    public void ThresholdSearch(int frames, int atoms, int cells, float minimumCut, DeviceBuffer targets,
        DeviceBuffer scores, DeviceBuffer order, DeviceBuffer? preference, DeviceBuffer choice)
    {
        ThresholdSearchShapes.Check(frames, atoms, cells, minimumCut, targets, scores, order, preference, choice);
        _thresholds.ThresholdSearch(frames, atoms, cells, minimumCut, View(targets), View(scores), View(order),
            preference is null ? null : View(preference), View(choice));
    }

    /// <inheritdoc />
    public void UnionDecode(int frames, int entries, int atoms, int frameSize, int hitCells, DeviceBuffer code,
        DeviceBuffer dictionary, DeviceBuffer output)
    {
        UnionDecodeShapes.Check(frames, entries, atoms, frameSize, hitCells, code, dictionary, output);
        _unions.UnionDecode(frames, entries, frameSize, hitCells, View(code), View(dictionary), View(output));
    }

    // ---- losses ----

    /// <inheritdoc />
    public float MseLoss(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
        => Loss(LossSpec.Mse, batch, channels, length, prediction, target, timeMask, gradient);

    /// <inheritdoc />
    public float L1Loss(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
        => Loss(LossSpec.L1, batch, channels, length, prediction, target, timeMask, gradient);

    /// <inheritdoc />
    public float HitLoss(int batch, int channels, int length, int hitChannels, DeviceBuffer prediction,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer gradient)
        => Loss(LossSpec.Hits(hitChannels), batch, channels, length, prediction, target, timeMask, gradient);

    private float Loss(LossSpec loss, int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
    {
        LossShapes.Check(loss, batch, channels, length, prediction, target, timeMask, gradient);
        return _reductions.Loss(loss, batch, channels, length, View(prediction), View(target),
            timeMask is null ? null : View(timeMask), View(gradient));
    }

    // ---- optimizer ----

    /// <inheritdoc />
    public double SumOfSquares(DeviceBuffer x) => _reductions.SumOfSquares(View(x));

    /// <inheritdoc />
    public void ClipGradientNorm(DeviceBuffer gradients, double maxNorm)
        => _reductions.ClipNorm(View(gradients), (float)maxNorm);

    /// <inheritdoc />
    public void AdamStep(in AdamSettings settings, int step, DeviceBuffer parameters, DeviceBuffer gradients,
        DeviceBuffer firstMoment, DeviceBuffer secondMoment)
    {
        AdamShapes.Check(step, parameters, gradients, firstMoment, secondMoment);
        _optimizer.AdamStep(settings, step, View(parameters), View(gradients), View(firstMoment), View(secondMoment));
    }

    /// <inheritdoc />
    public void NormalizeRows(DeviceBuffer matrix, int rows, int rowLength)
        => _optimizer.NormalizeRows(Sized(matrix, (long)rows * rowLength, nameof(matrix)), rows, rowLength);

    /// <summary>
    /// Waits for the device, then frees the scratch memory and, when this backend opened it, the accelerator.
    /// </summary>
    public void Dispose()
    {
        _reductions?.Dispose();
        _sparsity?.Dispose();
        _sparseInputs?.Dispose();
        _pursuit?.Dispose();
        _splitK?.Dispose();
        if (!_ownsAccelerator) return;
        _accelerator.Dispose();
        _ownedContext?.Dispose();
    }

    private ArrayView<float> View(DeviceBuffer buffer) => IlgpuBuffer.Of(buffer, _accelerator).View;

    private ArrayView<float> Sized(DeviceBuffer buffer, long expectedLength, string name)
    {
        ConvShapes.Expect(buffer, expectedLength, name);
        return View(buffer);
    }
}
