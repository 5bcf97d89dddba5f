using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Benchmarking;

/// <summary>
/// A decorator that counts what makes a device loop wait or grow: buffers allocated through <see cref="Allocate"/>,
/// uploads, and host synchronizations (downloads, <see cref="Synchronize"/>, and every op that returns a value to the
/// host: the losses and the sum of squares). Results pass through unchanged. Allocations a backend makes internally
/// (kernel scratch) are not seen. Tests wrap a backend in it to prove a training loop keeps the device busy.
/// </summary>
public sealed class CountingBackend(IComputeBackend inner) : IComputeBackend
{
    /// <summary>Buffers allocated so far.</summary>
    public int Allocations { get; private set; }
    /// <summary>Floats those buffers hold.</summary>
    public long AllocatedValues { get; private set; }
    /// <summary>Host-to-device copies so far.</summary>
    public int Uploads { get; private set; }
    /// <summary>Values those copies carried.</summary>
    public long UploadedValues { get; private set; }
    /// <summary>
    /// Times the host waited for the device so far: downloads, synchronizations and ops returning a value.
    /// </summary>
    public int HostSynchronizations { get; private set; }

    /// <summary>The backend being counted.</summary>
    public IComputeBackend Inner => inner;

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public bool BuffersInHostMemory => inner.BuffersInHostMemory;

    /// <inheritdoc />
    public long MemoryBytes => inner.MemoryBytes;

    /// <inheritdoc />
    public long? DeviceBytesHeld => inner.DeviceBytesHeld;

    /// <summary>Starts every count from zero (after a warm-up pass).</summary>
    public void Reset()
        => (Allocations, AllocatedValues, Uploads, UploadedValues, HostSynchronizations) = (0, 0, 0, 0, 0);

    private T Waited<T>(T result)
    {
        HostSynchronizations++;
        return result;
    }

    // ---- memory: counted ----
    public DeviceBuffer Allocate(int length)
    {
        Allocations++;
        AllocatedValues += length;
        return inner.Allocate(length);
    }

    public void Upload(ReadOnlySpan<float> source, DeviceBuffer destination)
    {
        Uploads++;
        UploadedValues += source.Length;
        inner.Upload(source, destination);
    }

    public void Download(DeviceBuffer source, Span<float> destination)
    {
        HostSynchronizations++;
        inner.Download(source, destination);
    }

    public void Synchronize()
    {
        HostSynchronizations++;
        inner.Synchronize();
    }

    // ---- ops returning a value: counted as synchronizations ----
    public float Conv1dBackwardInputWithLoss(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, LossSpec loss,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer prediction, DeviceBuffer gradient)
        => Waited(inner.Conv1dBackwardInputWithLoss(g, dy, w, loss, target, timeMask, prediction, gradient));

    public float MseLoss(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
        => Waited(inner.MseLoss(batch, channels, length, prediction, target, timeMask, gradient));

    public float L1Loss(int batch, int channels, int length, DeviceBuffer prediction, DeviceBuffer target,
        DeviceBuffer? timeMask, DeviceBuffer gradient)
        => Waited(inner.L1Loss(batch, channels, length, prediction, target, timeMask, gradient));

    public float HitLoss(int batch, int channels, int length, int hitChannels, DeviceBuffer prediction,
        DeviceBuffer target, DeviceBuffer? timeMask, DeviceBuffer gradient)
        => Waited(inner.HitLoss(batch, channels, length, hitChannels, prediction, target, timeMask, gradient));

    public double SumOfSquares(DeviceBuffer x) => Waited(inner.SumOfSquares(x));

    // one op: a device keeps the norm there; a host-memory backend's default reads it in its own memory, no wait
    public void ClipGradientNorm(DeviceBuffer gradients, double maxNorm) => inner.ClipGradientNorm(gradients, maxNorm);

    // ---- everything else passes straight through ----
    public void Fill(DeviceBuffer buffer, float value) => inner.Fill(buffer, value);
    public void Copy(DeviceBuffer source, DeviceBuffer destination) => inner.Copy(source, destination);

    public void CopyRows(int rows, DeviceBuffer source, int sourceLength, DeviceBuffer destination,
        int destinationLength)
        => inner.CopyRows(rows, source, sourceLength, destination, destinationLength);

    public void OneHot(int batch, int channels, int length, DeviceBuffer ids, DeviceBuffer destination)
        => inner.OneHot(batch, channels, length, ids, destination);

    public void GatherRows(int rows, int rowLength, DeviceBuffer source, DeviceBuffer indices, DeviceBuffer destination)
        => inner.GatherRows(rows, rowLength, source, indices, destination);

    public void AddDrumHitNoise(int batch, int drums, int length, DeviceBuffer clean, DeviceBuffer? steps,
        DrumHitNoise noise, DeviceBuffer noisy)
        => inner.AddDrumHitNoise(batch, drums, length, clean, steps, noise, noisy);

    public void Conv1dForward(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? bias, DeviceBuffer y)
        => inner.Conv1dForward(g, x, w, bias, y);

    public void Conv1dForwardMasked(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer mask,
        DeviceBuffer y)
        => inner.Conv1dForwardMasked(g, x, w, mask, y);

    public void Conv1dBackwardInput(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, DeviceBuffer dx,
        bool accumulate)
        => inner.Conv1dBackwardInput(g, dy, w, dx, accumulate);

    public void Conv1dBackwardWeight(in ConvGeometry g, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dw,
        bool accumulate)
        => inner.Conv1dBackwardWeight(g, x, dy, dw, accumulate);

    public void Conv1dForwardTopKChannels(in ConvGeometry g, DeviceBuffer x, DeviceBuffer w, int k, DeviceBuffer z,
        DeviceBuffer code, DeviceBuffer mask)
        => inner.Conv1dForwardTopKChannels(g, x, w, k, z, code, mask);

    public void Conv1dBackwardInputWithDeviceLoss(in ConvGeometry g, DeviceBuffer dy, DeviceBuffer w, LossSpec loss,
        DeviceBuffer target, DeviceBuffer? timeMask,
        DeviceBuffer prediction, DeviceBuffer gradient, DeviceBuffer lossSlot)
        => inner.Conv1dBackwardInputWithDeviceLoss(g, dy, w, loss, target, timeMask, prediction, gradient, lossSlot);

    public void BiasBackward(int batch, int channels, int length, DeviceBuffer dy, DeviceBuffer db, bool accumulate)
        => inner.BiasBackward(batch, channels, length, dy, db, accumulate);

    public void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, DeviceBuffer a, DeviceBuffer b,
        float beta, DeviceBuffer c)
        => inner.Gemm(transposeA, transposeB, m, n, k, alpha, a, b, beta, c);

    public void ReluForward(DeviceBuffer x, DeviceBuffer y) => inner.ReluForward(x, y);
    public void ReluBackward(DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx, bool accumulate)
        => inner.ReluBackward(y, dy, dx, accumulate);
    public void Add(DeviceBuffer a, DeviceBuffer b, DeviceBuffer sum) => inner.Add(a, b, sum);
    public void AddInto(DeviceBuffer source, DeviceBuffer destination) => inner.AddInto(source, destination);
    public void Multiply(DeviceBuffer a, DeviceBuffer b, DeviceBuffer product) => inner.Multiply(a, b, product);
    public void Scale(DeviceBuffer x, float factor) => inner.Scale(x, factor);

    public void TopKChannels(int batch, int atoms, int length, int k, DeviceBuffer z, DeviceBuffer code,
        DeviceBuffer mask)
        => inner.TopKChannels(batch, atoms, length, k, z, code, mask);

    public void SpatialWinners(int batch, int atoms, int length, DeviceBuffer z, DeviceBuffer code, DeviceBuffer mask)
        => inner.SpatialWinners(batch, atoms, length, z, code, mask);

    public void LifetimeWinners(int batch, int atoms, int length, float rate, DeviceBuffer z, DeviceBuffer code,
        DeviceBuffer mask)
        => inner.LifetimeWinners(batch, atoms, length, rate, z, code, mask);

    public void MatchingPursuit(int batch, int atoms, int length, int groupFrames, int nonzerosPerGroup,
        DeviceBuffer correlations, DeviceBuffer gram, DeviceBuffer code)
        => inner.MatchingPursuit(batch, atoms, length, groupFrames, nonzerosPerGroup, correlations, gram, code);

    public void ThresholdSearch(int frames, int atoms, int cells, float minimumCut, DeviceBuffer targets,
        DeviceBuffer scores, DeviceBuffer order, DeviceBuffer? preference, DeviceBuffer choice)
        => inner.ThresholdSearch(frames, atoms, cells, minimumCut, targets, scores, order, preference, choice);

    public void UnionDecode(int frames, int entries, int atoms, int frameSize, int hitCells, DeviceBuffer code,
        DeviceBuffer dictionary, DeviceBuffer output)
        => inner.UnionDecode(frames, entries, atoms, frameSize, hitCells, code, dictionary, output);

    public void AdamStep(in AdamSettings settings, int step, DeviceBuffer parameters, DeviceBuffer gradients,
        DeviceBuffer firstMoment, DeviceBuffer secondMoment)
        => inner.AdamStep(settings, step, parameters, gradients, firstMoment, secondMoment);

    public void NormalizeRows(DeviceBuffer matrix, int rows, int rowLength)
        => inner.NormalizeRows(matrix, rows, rowLength);

    /// <summary>Disposes the wrapped backend.</summary>
    public void Dispose() => inner.Dispose();
}
