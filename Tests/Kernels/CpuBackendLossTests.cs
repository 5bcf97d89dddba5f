using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The SIMD backend's MSE and L1 (TensorPrimitives, double accumulation across rows) against the scalar loops, without a
/// mask, with a random time mask and with an all-zero mask; the gradient buffer starts as NaN and must be fully written.
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
}
