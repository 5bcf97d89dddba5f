using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The SIMD backend's MSE, L1 and hits loss (vector exp and log on the hit rows; double accumulation across rows)
/// against the scalar loops, without a mask, with a random time mask and with an all-zero mask; the gradient buffer
/// starts as NaN and must be fully written. Then the channel layouts the hits loss refuses.
/// </summary>
public class CpuBackendLossTests
{
    private readonly BackendParity _parity = new(new CpuBackend(), new ScalarBackend());

    public enum Mask { None, Random, AllZero }

    public static IEnumerable<TestCaseData> Cases() =>
        from shape in new[] { (B: 3, C: 5, T: 7), (B: 2, C: 88, T: 130), (B: 1, C: 1, T: 1), (B: 4, C: 3, T: 33) }
        from loss in new[] { LossKind.Mse, LossKind.L1 }
        from mask in new[] { Mask.None, Mask.Random, Mask.AllZero }
        select new TestCaseData(loss, shape.B, shape.C, shape.T, mask);

    [TestCaseSource(nameof(Cases))]
    public void LossAndGradientMatchScalar(LossKind loss, int batch, int channels, int length, Mask mask)
    {
        int size = batch * channels * length;
        var timeMask = mask switch
        {
            Mask.Random => RandomTensors.ToFloat(RandomTensors.BinaryMask(batch * length, 3)),
            _ => new float[batch * length],   // all zero; unused when there is no mask
        };
        var target = RandomTensors.UniformFloat(size, 2);
        var prediction = RandomTensors.UniformFloat(size, 1);
        for (int i = 0; i < size; i += 7) prediction[i] = target[i];   // y == x: L1's gradient there is sign(0) = 0
        float[][] buffers = [prediction, target, timeMask, Enumerable.Repeat(float.NaN, size).ToArray()];

        _parity.AssertClose($"{loss} {batch}x{channels}x{length} mask={mask}", buffers, (backend, b) =>
        {
            var maskBuffer = mask == Mask.None ? null : b[2];
            return loss == LossKind.Mse
                ? backend.MseLoss(batch, channels, length, b[0], b[1], maskBuffer, b[3])
                : backend.L1Loss(batch, channels, length, b[0], b[1], maskBuffer, b[3]);
        }, 1e-9, 1e-5);
    }

    public static IEnumerable<TestCaseData> HitCases() =>
        from shape in new[] { (B: 3, C: 27, H: 9, T: 16), (B: 2, C: 6, H: 2, T: 130), (B: 1, C: 2, H: 1, T: 1),
            (B: 4, C: 9, H: 3, T: 13) }
        from mask in new[] { Mask.None, Mask.Random, Mask.AllZero }
        select new TestCaseData(shape.B, shape.C, shape.H, shape.T, mask);

    [TestCaseSource(nameof(HitCases))]
    public void HitLossAndGradientMatchScalar(int batch, int channels, int hitChannels, int length, Mask mask)
    {
        int size = batch * channels * length;
        var timeMask = mask == Mask.Random ? RandomTensors.ToFloat(RandomTensors.BinaryMask(batch * length, 3))
            : new float[batch * length];
        var target = RandomTensors.ToFloat(RandomTensors.HitGrid(batch, channels, length, hitChannels, 2));
        var prediction = RandomTensors.UniformFloat(size, 1, -20, 20);   // logits from saturated to balanced
        float[][] buffers = [prediction, target, timeMask, Enumerable.Repeat(float.NaN, size).ToArray()];

        _parity.AssertClose($"hits({hitChannels}) {batch}x{channels}x{length} mask={mask}", buffers, (backend, b)
            => backend.HitLoss(batch, channels, length, hitChannels, b[0], b[1], mask == Mask.None ? null : b[2], b[3]),
                1e-7, 1e-5);
    }

    [TestCase(27, 0, "at least one hit channel")]
    [TestCase(27, 27, "whole groups of H value channels")]
    [TestCase(27, 6, "whole groups of H value channels")]
    public void ChannelsThatDoNotSplitIntoHitsAndValueGroupsAreAClearError(int channels, int hitChannels,
        string message)
    {
        using var backend = new CpuBackend();
        var buffers = new[] { 2 * channels * 4, 2 * channels * 4, 2 * channels * 4 }.Select(backend.Allocate).ToArray();
        Assert.That(() => backend.HitLoss(2, channels, 4, hitChannels, buffers[0], buffers[1], null, buffers[2]),
            Throws.ArgumentException.With.Message.Contains(message));
    }
}
