using System.Diagnostics;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Training.Benchmarking;

/// <summary>
/// A decorator that times every compute op of another backend (synchronizing after each, so GPU ops are charged
/// to the op that issued them) and totals the times by op name and shape, with the CPU backend's parallel runs and
/// items (<see cref="CoreWorkers.Issued"/>: how finely each op splits its work among the workers), and for the
/// memory-bound ops the bytes they move (<see cref="OpTiming.Bytes"/>). Only the benchmark wraps a backend in it;
/// models never know. Memory transfers and allocation pass through untimed.
/// </summary>
public sealed class ProfilingBackend(IComputeBackend inner) : IComputeBackend
{
    private readonly Dictionary<(string Op, string Shape), Totals> _totals = [];
    private (long ItemTicks, long MakespanTicks, long OverheadTicks) _replayedAtReset;

    // one op's sums over its calls; ItemTicks and MakespanTicks from a CoreWorkers.Replay, where one was installed
    private readonly record struct Totals(int Calls, long Ticks, double Flops, double Bytes, long Runs, long Items,
        long Starved, long ItemTicks, long MakespanTicks, bool Replayed);

    /// <summary>The backend being timed.</summary>
    public IComputeBackend Inner => inner;

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public bool BuffersInHostMemory => inner.BuffersInHostMemory;

    /// <inheritdoc />
    public long MemoryBytes => inner.MemoryBytes;

    /// <inheritdoc />
    public long? DeviceBytesHeld => inner.DeviceBytesHeld;

    /// <summary>The totals so far, slowest first.</summary>
    public IReadOnlyList<OpTiming> Timings => _totals
        .Select(entry => new OpTiming(entry.Key.Op, entry.Key.Shape, entry.Value.Calls,
            entry.Value.Ticks * 1000.0 / Stopwatch.Frequency, entry.Value.Flops)
            {
                Bytes = entry.Value.Bytes, ParallelRuns = entry.Value.Runs, Items = entry.Value.Items,
                StarvedRuns = entry.Value.Starved,
                SerialMilliseconds = entry.Value.Replayed
                    ? (entry.Value.Ticks - entry.Value.ItemTicks) * 1000.0 / Stopwatch.Frequency : null,
                ReplayedMilliseconds = entry.Value.Replayed
                    ? (entry.Value.Ticks - entry.Value.ItemTicks + entry.Value.MakespanTicks) * 1000.0
                        / Stopwatch.Frequency
                    : null,
            })
        .OrderByDescending(timing => timing.Milliseconds).ToList();

    /// <summary>Forgets the totals (after warm-up steps).</summary>
    public void Reset()
    {
        _totals.Clear();
        _replayedAtReset = CoreWorkers.Replay?.Totals ?? default;
    }

    /// <summary>
    /// Under a <see cref="ScheduleReplay"/>, its item, makespan and bookkeeping ticks since <see cref="Reset"/>: every
    /// parallel run's, the untimed memory ops' included (zero without a replay).
    /// </summary>
    public (long ItemTicks, long MakespanTicks, long OverheadTicks) ReplayedSinceReset
        => CoreWorkers.Replay?.Totals is var (items, makespans, overhead)
            ? (items - _replayedAtReset.ItemTicks, makespans - _replayedAtReset.MakespanTicks,
                overhead - _replayedAtReset.OverheadTicks)
            : default;

    private void Time(string op, string shape, double flops, Action run) => Time(op, shape, flops, 0, run);

    // a memory-bound op that moves `floats` floats (each read or write of one counted once)
    private void TimeMemory(string op, long floats, Action run) => Time(op, "", 0, 4.0 * floats, run);

    private void Time(string op, string shape, double flops, double bytes, Action run)
    {
        var issued = CoreWorkers.Issued;
        var replay = CoreWorkers.Replay;
        var replayed = replay?.Totals ?? default;
        long start = Stopwatch.GetTimestamp();
        run();
        inner.Synchronize();
        var (runs, items, starved) = CoreWorkers.Issued;
        var (itemTicks, makespanTicks, overheadTicks) = replay?.Totals ?? default;
        // a replay's own bookkeeping is no part of the op
        long ticks = Stopwatch.GetTimestamp() - start - (overheadTicks - replayed.OverheadTicks);
        var total = _totals.GetValueOrDefault((op, shape));
        _totals[(op, shape)] = new(total.Calls + 1, total.Ticks + ticks, total.Flops + flops, total.Bytes + bytes,
            total.Runs + runs - issued.Runs, total.Items + items - issued.Items,
            total.Starved + starved - issued.Starved, total.ItemTicks + itemTicks - replayed.ItemTicks,
            total.MakespanTicks + makespanTicks - replayed.MakespanTicks, total.Replayed || replay is not null);
    }

    private T Time<T>(string op, string shape, Func<T> run)
    {
        T result = default!;
        Time(op, shape, 0, () => result = run());
        return result;
    }

    private static string Describe(in ConvGeometry g) =>
        $"[{g.Batch},{g.InChannels},{g.InLength}]->[{g.Batch},{g.OutChannels},{g.OutLength}] k{g.KernelSize} "
        + $"s{g.Stride} d{g.Dilation}" + (g.OutputIsSparseCode ? " sparse code" : "")
        + (g.OutputNonZerosPerColumn > 0 ? $" {g.OutputNonZerosPerColumn}/column" : "")
        + (g.InputSparseness == Sparseness.Unknown ? "" : $" {g.InputSparseness.ToString().ToLowerInvariant()} input");

    // ---- memory: untimed ----
    public DeviceBuffer Allocate(int length) => inner.Allocate(length);
    public void Upload(ReadOnlySpan<float> source, DeviceBuffer destination) => inner.Upload(source, destination);
    public void Download(DeviceBuffer source, Span<float> destination) => inner.Download(source, destination);
    public void Synchronize() => inner.Synchronize();

    // ---- timed ----
    public void Fill(DeviceBuffer buffer, float value)
        => TimeMemory(nameof(Fill), buffer.Length, () => inner.Fill(buffer, value));
    public void Copy(DeviceBuffer source, DeviceBuffer destination)
        => TimeMemory(nameof(Copy), 2L * source.Length, () => inner.Copy(source, destination));

    public void CopyRows(int rows, DeviceBuffer source, int sourceLength, DeviceBuffer destination,
        int destinationLength)
        => Time(nameof(CopyRows), "", 0,
            () => inner.CopyRows(rows, source, sourceLength, destination, destinationLength));

    public void OneHot(int batch, int channels, int length, DeviceBuffer ids, DeviceBuffer destination)
        => Time(nameof(OneHot), $"[{batch},{channels},{length}]", 0,
            () => inner.OneHot(batch, channels, length, ids, destination));

    public void GatherRows(int rows, int rowLength, DeviceBuffer source, DeviceBuffer indices, DeviceBuffer destination)
        => Time(nameof(GatherRows), $"[{rows},{rowLength}]", 0,
            () => inner.GatherRows(rows, rowLength, source, indices, destination));

    public void AddDrumHitNoise(int batch, int drums, int length, DeviceBuffer clean, DeviceBuffer? steps,
        DrumHitNoise noise, DeviceBuffer noisy)
        => Time(nameof(AddDrumHitNoise), $"[{batch},{3 * drums},{length}]", 0,
            () => inner.AddDrumHitNoise(batch, drums, length, clean, steps, noise, noisy));

    public void Conv1dForward(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? bias, DeviceBuffer y)
    {
        var geometry = g;
        Time(nameof(Conv1dForward), Describe(g), 2.0 * g.MultiplyAdds,
            () => inner.Conv1dForward(geometry, x, w, bias, y));
    }

    public void Conv1dForwardMasked(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer mask,
        DeviceBuffer y)
    {
        var geometry = g;
        Time(nameof(Conv1dForwardMasked), Describe(g), 2.0 * g.MultiplyAdds,
            () => inner.Conv1dForwardMasked(geometry, x, w, mask, y));
    }

    public void Conv1dBackwardInput(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, DeviceBuffer dx,
        bool accumulate)
    {
        var geometry = g;
        Time(nameof(Conv1dBackwardInput), Describe(g), 2.0 * g.MultiplyAdds,
            () => inner.Conv1dBackwardInput(geometry, dy, w, dx, accumulate));
    }

    public void Conv1dBackwardWeight(in ConvGeometry g, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dw,
        bool accumulate)
    {
        var geometry = g;
        Time(nameof(Conv1dBackwardWeight), Describe(g), 2.0 * g.MultiplyAdds,
            () => inner.Conv1dBackwardWeight(geometry, x, dy, dw, accumulate));
    }

    public void Conv1dForwardTopKChannels(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, int k, DeviceBuffer z,
        DeviceBuffer code, DeviceBuffer mask)
    {
        var geometry = g;
        Time(nameof(Conv1dForwardTopKChannels), $"{Describe(g)} top-{k}", 2.0 * g.MultiplyAdds,
            () => inner.Conv1dForwardTopKChannels(geometry, x, w, k, z, code, mask));
    }

    public float Conv1dBackwardInputWithLoss(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, LossSpec loss,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer prediction, DeviceBuffer gradient)
    {
        var geometry = g;
        float result = 0;
        Time(nameof(Conv1dBackwardInputWithLoss), $"{Describe(g)} {loss}", 2.0 * g.MultiplyAdds,
            () => result = inner.Conv1dBackwardInputWithLoss(geometry, dy, w, loss, target, timeMask, prediction,
                gradient));
        return result;
    }

    public void Conv1dBackwardInputWithDeviceLoss(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, LossSpec loss,
        DeviceBuffer target, DeviceBuffer? timeMask,
        DeviceBuffer prediction, DeviceBuffer gradient, DeviceBuffer lossSlot)
    {
        var geometry = g;
        Time(nameof(Conv1dBackwardInputWithDeviceLoss), $"{Describe(g)} {loss}", 2.0 * g.MultiplyAdds,
            () => inner.Conv1dBackwardInputWithDeviceLoss(geometry, dy, w, loss, target, timeMask, prediction, gradient,
                lossSlot));
    }

    public void BiasBackward(int batch, int channels, int length, DeviceBuffer dy, DeviceBuffer db, bool accumulate)
        => TimeMemory(nameof(BiasBackward), (long)batch * channels * length + (accumulate ? 2L : 1L) * channels,
            () => inner.BiasBackward(batch, channels, length, dy, db, accumulate));

    public void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, DeviceBuffer a, DeviceBuffer b,
        float beta, DeviceBuffer c)
        => Time(nameof(Gemm), $"{m}x{n}x{k}", 2.0 * m * n * k,
            () => inner.Gemm(transposeA, transposeB, m, n, k, alpha, a, b, beta, c));

    public void ReluForward(DeviceBuffer x, DeviceBuffer y)
        => TimeMemory(nameof(ReluForward), 2L * x.Length, () => inner.ReluForward(x, y));

    public void ReluBackward(DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx, bool accumulate)
        => TimeMemory(nameof(ReluBackward), (accumulate ? 4L : 3L) * y.Length,
            () => inner.ReluBackward(y, dy, dx, accumulate));

    public void Add(DeviceBuffer a, DeviceBuffer b, DeviceBuffer sum)
        => TimeMemory(nameof(Add), 3L * a.Length, () => inner.Add(a, b, sum));
    public void AddInto(DeviceBuffer source, DeviceBuffer destination)
        => TimeMemory(nameof(AddInto), 3L * source.Length, () => inner.AddInto(source, destination));
    public void Multiply(DeviceBuffer a, DeviceBuffer b, DeviceBuffer product)
        => TimeMemory(nameof(Multiply), 3L * a.Length, () => inner.Multiply(a, b, product));
    public void Scale(DeviceBuffer x, float factor)
        => TimeMemory(nameof(Scale), 2L * x.Length, () => inner.Scale(x, factor));

    public void TopKChannels(int batch, int atoms, int length, int k, DeviceBuffer z, DeviceBuffer code,
        DeviceBuffer mask)
        => Time(nameof(TopKChannels), $"[{batch},{atoms},{length}] k{k}", 0,
            () => inner.TopKChannels(batch, atoms, length, k, z, code, mask));

    public void SpatialWinners(int batch, int atoms, int length, DeviceBuffer z, DeviceBuffer code, DeviceBuffer mask)
        => Time(nameof(SpatialWinners), $"[{batch},{atoms},{length}]", 0,
            () => inner.SpatialWinners(batch, atoms, length, z, code, mask));

    public void LifetimeWinners(int batch, int atoms, int length, float rate, DeviceBuffer z, DeviceBuffer code,
        DeviceBuffer mask)
        => Time(nameof(LifetimeWinners), $"[{batch},{atoms},{length}]", 0,
            () => inner.LifetimeWinners(batch, atoms, length, rate, z, code, mask));

    public void MatchingPursuit(int batch, int atoms, int length, int groupFrames, int nonzerosPerGroup,
        DeviceBuffer correlations, DeviceBuffer gram, DeviceBuffer code)
        => Time(nameof(MatchingPursuit),
            $"[{batch},{atoms},{length}] {groupFrames} frames, {nonzerosPerGroup} non-zeros", 0,
            () => inner.MatchingPursuit(batch, atoms, length, groupFrames, nonzerosPerGroup, correlations, gram, code));

    public void ThresholdSearch(int frames, int atoms, int cells, float minimumCut, DeviceBuffer targets,
        DeviceBuffer scores, DeviceBuffer order, DeviceBuffer? preference, DeviceBuffer choice)
        => Time(nameof(ThresholdSearch), $"[{frames},{atoms},{cells}]", 0,
            () => inner.ThresholdSearch(frames, atoms, cells, minimumCut, targets, scores, order, preference, choice));

    public void UnionDecode(int frames, int entries, int atoms, int frameSize, int hitCells, DeviceBuffer code,
        DeviceBuffer dictionary, DeviceBuffer output)
        => Time(nameof(UnionDecode), $"[{frames},{entries},{frameSize}]", 0,
            () => inner.UnionDecode(frames, entries, atoms, frameSize, hitCells, code, dictionary, output));

    public float MseLoss(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
        => Time(nameof(MseLoss), "",
            () => inner.MseLoss(batch, channels, length, prediction, target, timeMask, gradient));

    public float L1Loss(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
        => Time(nameof(L1Loss), "",
            () => inner.L1Loss(batch, channels, length, prediction, target, timeMask, gradient));

    public float HitLoss(int batch, int channels, int length, int hitChannels, DeviceBuffer prediction,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer gradient)
        => Time(nameof(HitLoss), "",
            () => inner.HitLoss(batch, channels, length, hitChannels, prediction, target, timeMask, gradient));

    public double SumOfSquares(DeviceBuffer x)
    {
        double result = 0;
        TimeMemory(nameof(SumOfSquares), x.Length, () => result = inner.SumOfSquares(x));
        return result;
    }

    public void ClipGradientNorm(DeviceBuffer gradients, double maxNorm)
        => Time(nameof(ClipGradientNorm), "", 0, () => inner.ClipGradientNorm(gradients, maxNorm));

    public void AdamStep(in AdamSettings settings, int step, DeviceBuffer parameters, DeviceBuffer gradients,
        DeviceBuffer firstMoment, DeviceBuffer secondMoment)
    {
        // parameters and both moments read and written, gradients read
        var adam = settings;
        TimeMemory(nameof(AdamStep), 7L * parameters.Length,
            () => inner.AdamStep(adam, step, parameters, gradients, firstMoment, secondMoment));
    }

    public void NormalizeRows(DeviceBuffer matrix, int rows, int rowLength)
        => Time(nameof(NormalizeRows), "", 0, () => inner.NormalizeRows(matrix, rows, rowLength));

    /// <summary>Disposes the wrapped backend.</summary>
    public void Dispose() => inner.Dispose();
}
