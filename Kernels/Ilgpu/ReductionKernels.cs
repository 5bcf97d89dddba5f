using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Losses, the sum of squares behind gradient clipping (and the clipping itself), and the bias gradient. Each is a
/// grouped kernel: threads
/// accumulate a grid-stride slice in float, <see cref="GroupReduce.Sum"/> folds the group, and (for the scalars)
/// the at most 256 group partials go to the host, which adds them in double. Float per-thread and per-group sums
/// keep every device on the same code path (fp64 is optional on OpenCL GPUs); their error is far inside the
/// parity tolerance because each thread adds only a few hundred terms before the pairwise tree.
/// </summary>
internal sealed class ReductionKernels : IDisposable
{
    private readonly Accelerator _accelerator;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _partials;
    private readonly float[] _hostPartials = new float[2 * GroupReduce.MaxGroups];
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>> _sumOfSquares;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, LossShape,
        ArrayView<float>, ArrayView<float>> _lossPartials;
    private readonly Action<Index1D, ArrayView<float>, float> _divide;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _count;
    private readonly Action<KernelConfig, ArrayView<float>, int, ArrayView<float>, ArrayView<float>> _finishLoss;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>> _divideByCount;
    private readonly Action<KernelConfig, ArrayView<float>, int, int, ArrayView<float>, int> _biasBackward;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _clipFactor;
    private readonly Action<KernelConfig, ArrayView<float>, int, float, ArrayView<float>> _finishClipFactor;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>> _scaleBelowOne;

    public ReductionKernels(Accelerator accelerator)
    {
        _accelerator = accelerator;
        _partials = DeviceAllocation.Of<float>(accelerator, 2 * GroupReduce.MaxGroups);
        _sumOfSquares = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>>(SumOfSquaresPartials);
        _lossPartials = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, LossShape,
            ArrayView<float>, ArrayView<float>>(LossPartials);
        _divide = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(Divide);
        _count = DeviceAllocation.Of<float>(accelerator, 1);
        _finishLoss = accelerator.LoadStreamKernel<ArrayView<float>, int, ArrayView<float>, ArrayView<float>>(
            FinishLoss);
        _divideByCount = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(
            DivideByCount);
        _biasBackward = accelerator.LoadStreamKernel<ArrayView<float>, int, int, ArrayView<float>, int>(BiasBackward);
        _clipFactor = DeviceAllocation.Of<float>(accelerator, 1);
        _finishClipFactor = accelerator.LoadStreamKernel<ArrayView<float>, int, float,
            ArrayView<float>>(FinishClipFactor);
        _scaleBelowOne = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>,
            ArrayView<float>>(ScaleBelowOne);
    }

    public double SumOfSquares(ArrayView<float> x)
    {
        if (x.Length == 0) return 0;
        int groups = GroupReduce.GroupsFor((int)x.Length);
        _sumOfSquares(GroupReduce.Config(groups), x, _partials.View);
        return GroupReduce.SumOnHost(DownloadPartials(groups));
    }

    /// <summary>
    /// Gradient clipping with no wait: the sum of squares' group partials, one group adding them (in float, where the
    /// host path adds in double) into the factor maxNorm / (norm + 1e-6), and x scaled by it where it is below 1.
    /// </summary>
    public void ClipNorm(ArrayView<float> x, float maxNorm)
    {
        if (x.Length == 0) return;
        int groups = GroupReduce.GroupsFor((int)x.Length);
        _sumOfSquares(GroupReduce.Config(groups), x, _partials.View);
        _finishClipFactor(GroupReduce.Config(1), _partials.View, groups, maxNorm, _clipFactor.View);
        _scaleBelowOne((int)x.Length, x, _clipFactor.View);
    }

    /// <summary>
    /// mean over unmasked entries of (y-x)^2, |y-x| or the hits loss's terms, and its gradient: first weight * the
    /// term's derivative with the per-group sums of terms and weights, then, once the host knows the count, the
    /// gradient divided by it.
    /// </summary>
    public float Loss(LossSpec loss, int batch, int channels, int length, ArrayView<float> prediction,
        ArrayView<float> target, ArrayView<float>? timeMask, ArrayView<float> gradient)
    {
        int size = batch * channels * length;
        if (size == 0) return 0f;
        int groups = GroupReduce.GroupsFor(size);
        var shape = new LossShape(channels, length, timeMask.HasValue ? 1 : 0, (int)loss.Kind, loss.HitChannels);
        // Without a mask the kernel never reads its mask argument; the partials view stands in for it.
        _lossPartials(GroupReduce.Config(groups), prediction, target, timeMask ?? _partials.View, shape, gradient,
            _partials.View);
        var partials = DownloadPartials(2 * groups);
        double total = GroupReduce.SumOnHost(partials[..groups]);
        double count = GroupReduce.SumOnHost(partials[groups..]);
        if (count == 0)
        {
            gradient.MemSetToZero();
            return 0f;
        }
        _divide(size, gradient, (float)count);
        return (float)(total / count);
    }

    /// <summary>
    /// <see cref="Loss"/> without waiting for the device: one group adds the partials (a float tree where the host adds
    /// in double, so the loss may differ in its last bits; the count of unmasked entries is a whole number, exact below
    /// 2^24, so the gradient is the same) and writes the loss into lossSlot[0]; the gradient is divided by the count on
    /// the device.
    /// </summary>
    public void LossOnDevice(LossSpec loss, int batch, int channels, int length, ArrayView<float> prediction,
        ArrayView<float> target, ArrayView<float>? timeMask, ArrayView<float> gradient, ArrayView<float> lossSlot)
    {
        int size = batch * channels * length;
        if (size == 0)
        {
            lossSlot.MemSetToZero(_accelerator.DefaultStream);
            return;
        }
        int groups = GroupReduce.GroupsFor(size);
        var shape = new LossShape(channels, length, timeMask.HasValue ? 1 : 0, (int)loss.Kind, loss.HitChannels);
        _lossPartials(GroupReduce.Config(groups), prediction, target, timeMask ?? _partials.View, shape, gradient,
            _partials.View);
        _finishLoss(GroupReduce.Config(1), _partials.View, groups, lossSlot, _count.View);
        _divideByCount(size, gradient, _count.View);
    }

    // db[C] (+)= sum over b, t of dy[b, c, t]: one group per channel.
    public void BiasBackward(int batch, int channels, int length, ArrayView<float> dy, ArrayView<float> db,
        bool accumulate)
    {
        if (channels == 0) return;
        _biasBackward(GroupReduce.Config(channels), dy, batch, length, db, accumulate ? 1 : 0);
    }

    public void Dispose()
    {
        DeviceAllocation.Free(_partials);
        DeviceAllocation.Free(_count);
        DeviceAllocation.Free(_clipFactor);
    }

    private ReadOnlySpan<float> DownloadPartials(int count)
    {
        var host = _hostPartials.AsSpan(0, count);
        _partials.View.SubView(0, count).CopyToCPU(_accelerator.DefaultStream, host);
        return host;
    }

    // partials[group] = sum of x^2 over this group's grid-stride slice of x.
    private static void SumOfSquaresPartials(ArrayView<float> x, ArrayView<float> partials)
    {
        float sum = 0f;
        for (int i = Grid.GlobalIndex.X; i < x.Length; i += Grid.DimX * Group.DimX) sum += x[i] * x[i];
        sum = GroupReduce.Sum(sum);
        if (Group.IsFirstThread) partials[Grid.IdxX] = sum;
    }

    // For y, x [B,C,T] and mask [B,T]: gradient = w * the derivative of the term at i; partials[g] = sum w*term,
    // partials[groups + g] = sum w, where w is the mask value (1 without a mask).
    private static void LossPartials(ArrayView<float> prediction, ArrayView<float> target, ArrayView<float> timeMask,
        LossShape shape, ArrayView<float> gradient, ArrayView<float> partials)
    {
        float total = 0f, weights = 0f;
        for (int i = Grid.GlobalIndex.X; i < prediction.Length; i += Grid.DimX * Group.DimX)
        {
            float weight = 1f;
            if (shape.HasMask != 0)
            {
                int t = i % shape.Length, b = i / (shape.Length * shape.Channels);
                weight = timeMask[b * shape.Length + t];
            }
            var (term, derivative) = Term(prediction, target, shape, i);
            total += weight * term;
            gradient[i] = weight * derivative;
            weights += weight;
        }
        total = GroupReduce.Sum(total);
        weights = GroupReduce.Sum(weights);
        if (Group.IsFirstThread)
        {
            partials[Grid.IdxX] = total;
            partials[Grid.DimX + Grid.IdxX] = weights;
        }
    }

    // The loss's term at entry i of [B,C,T] and its derivative in y (before the mask and the 1/count).
    private static (float Term, float Derivative) Term(ArrayView<float> prediction, ArrayView<float> target,
        LossShape shape, int i)
    {
        float y = prediction[i], x = target[i], difference = y - x;
        if (shape.Kind == (int)LossKind.Mse) return (difference * difference, 2f * difference);
        if (shape.Kind == (int)LossKind.L1)
        {
            float sign = difference > 0f ? 1f : difference < 0f ? -1f : 0f;
            return (sign * difference, sign);
        }
        int c = i / shape.Length % shape.Channels;
        if (c < shape.HitChannels)
        {
            // sigmoid cross-entropy of logit y against x, from e^-|y| in (0, 1] so nothing overflows
            float small = MathF.Exp(-MathF.Abs(y));
            float inverse = 1f / (1f + small);
            float sigmoid = y >= 0f ? inverse : small * inverse;
            return (MathF.Max(y, 0f) - y * x + MathF.Log(1f + small), sigmoid - x);
        }
        // a value channel, weighted by the target's hit at the same (b, t): channel (c - H) mod H
        float hit = target[i + ((c - shape.HitChannels) % shape.HitChannels - c) * shape.Length];
        return (hit * difference * difference, 2f * hit * difference);
    }

    // One group of GroupSize >= MaxGroups threads: loss[0] = sum of partials[0, groups) / count (0 when the count is
    // 0), count[0] = sum of partials[groups, 2 groups), the unmasked entries.
    private static void FinishLoss(ArrayView<float> partials, int groups, ArrayView<float> loss, ArrayView<float> count)
    {
        int thread = Group.IdxX;
        float total = GroupReduce.Sum(thread < groups ? partials[thread] : 0f);
        float weights = GroupReduce.Sum(thread < groups ? partials[groups + thread] : 0f);
        if (!Group.IsFirstThread) return;
        loss[0] = weights == 0f ? 0f : total / weights;
        count[0] = weights;
    }

    // One group of GroupSize >= MaxGroups threads: factor[0] = maxNorm / (sqrt(sum of partials[0, groups)) + 1e-6).
    private static void FinishClipFactor(ArrayView<float> partials, int groups, float maxNorm, ArrayView<float> factor)
    {
        float sum = GroupReduce.Sum(Group.IdxX < groups ? partials[Group.IdxX] : 0f);
        if (Group.IsFirstThread) factor[0] = maxNorm / (MathF.Sqrt(sum) + (float)GradientClipping.Epsilon);
    }

    // x *= factor[0] where the factor is below 1 (a NaN factor, from a NaN norm, leaves x as it is, as on the host)
    private static void ScaleBelowOne(Index1D i, ArrayView<float> x, ArrayView<float> factor)
    {
        if (factor[0] < 1f) x[i] *= factor[0];
    }

    // x /= count[0], or x = 0 when the count is 0 (every entry masked)
    private static void DivideByCount(Index1D i, ArrayView<float> x, ArrayView<float> count)
        => x[i] = count[0] == 0f ? 0f : x[i] / count[0];

    // x /= divisor
    private static void Divide(Index1D i, ArrayView<float> x, float divisor) => x[i] /= divisor;

    // Group c: db[c] (+)= sum over (b, t) of dy[b, c, t], added when accumulate is 1; Grid.DimX is the channel count.
    private static void BiasBackward(ArrayView<float> dy, int batch, int length, ArrayView<float> db, int accumulate)
    {
        int channel = Grid.IdxX, channels = Grid.DimX;
        float sum = 0f;
        for (int i = Group.IdxX; i < batch * length; i += Group.DimX)
        {
            int b = i / length, t = i - b * length;
            sum += dy[(b * channels + channel) * length + t];
        }
        sum = GroupReduce.Sum(sum);
        if (Group.IsFirstThread) db[channel] = accumulate != 0 ? db[channel] + sum : sum;
    }
}

/// <summary>
/// What the loss kernel needs besides its buffers: [B, Channels, Length], whether a mask is given, which loss (a
/// <see cref="LossKind"/> as int) and its hit channels.
/// </summary>
internal readonly record struct LossShape(int Channels, int Length, int HasMask, int Kind, int HitChannels);
