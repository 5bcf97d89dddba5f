using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The SIMD backend's convolutions (im2row GEMM, the frames fast path, the single-frame zero-copy path) against the
/// scalar loops, on geometries with odd sizes, T not a multiple of 8, several depth blocks and wide batches. Output
/// buffers start as NaN where the op overwrites and as random values where it accumulates, so both behaviours are
/// compared.
/// </summary>
public class CpuBackendConvTests
{
    private readonly BackendParity _parity = new(new CpuBackend(), new ScalarBackend());

    private static float[] Garbage(int length) => Enumerable.Repeat(float.NaN, length).ToArray();

    [TestCaseSource(typeof(ConvCases), nameof(ConvCases.ParityWithFlag))]
    public void ForwardMatchesScalar(ConvGeometry g, bool withBias)
    {
        var (absolute, relative) = BackendParity.SumTolerance(g.InChannels * g.KernelSize);
        float[][] buffers = [RandomTensors.UniformFloat(g.InputSize, 1), RandomTensors.UniformFloat(g.WeightSize, 2),
            RandomTensors.UniformFloat(g.OutChannels, 3), Garbage(g.OutputSize)];
        _parity.AssertClose($"conv forward {g}", buffers,
            (backend, b) => backend.Conv1dForward(g, b[0], b[1], withBias ? b[2] : null, b[3]), absolute, relative);
    }

    [TestCaseSource(typeof(ConvCases), nameof(ConvCases.ParityWithFlag))]
    public void BackwardInputMatchesScalar(ConvGeometry g, bool accumulate)
    {
        var (absolute, relative) = BackendParity.SumTolerance(g.OutChannels * g.KernelSize + 1);
        float[][] buffers = [RandomTensors.UniformFloat(g.OutputSize, 4), RandomTensors.UniformFloat(g.WeightSize, 5),
            accumulate ? RandomTensors.UniformFloat(g.InputSize, 6) : Garbage(g.InputSize)];
        _parity.AssertClose($"conv backward input {g}", buffers,
            (backend, b) => backend.Conv1dBackwardInput(g, b[0], b[1], b[2], accumulate), absolute, relative);
    }

    [TestCaseSource(typeof(ConvCases), nameof(ConvCases.ParityWithFlag))]
    public void BackwardWeightMatchesScalar(ConvGeometry g, bool accumulate)
    {
        var (absolute, relative) = BackendParity.SumTolerance(g.Batch * g.OutLength + 1);
        float[][] buffers = [RandomTensors.UniformFloat(g.InputSize, 7), RandomTensors.UniformFloat(g.OutputSize, 8),
            accumulate ? RandomTensors.UniformFloat(g.WeightSize, 9) : Garbage(g.WeightSize)];
        _parity.AssertClose($"conv backward weight {g}", buffers,
            (backend, b) => backend.Conv1dBackwardWeight(g, b[0], b[1], b[2], accumulate), absolute, relative);
    }

    [TestCaseSource(typeof(ConvCases), nameof(ConvCases.ParityWithFlag))]
    public void BiasBackwardMatchesScalar(ConvGeometry g, bool accumulate)
    {
        var (absolute, relative) = BackendParity.SumTolerance(g.Batch * g.OutLength + 1);
        float[][] buffers = [RandomTensors.UniformFloat(g.OutputSize, 10),
            accumulate ? RandomTensors.UniformFloat(g.OutChannels, 11) : Garbage(g.OutChannels)];
        _parity.AssertClose($"bias backward {g}", buffers,
            (backend, b) => backend.BiasBackward(g.Batch, g.OutChannels, g.OutLength, b[0], b[1], accumulate),
            absolute, relative);
    }

    [TestCaseSource(typeof(ConvCases), nameof(ConvCases.Parity))]
    public void ConvTransposeRoundTripMatchesScalar(ConvGeometry g)
    {
        // The decoder's forward (backward input as ConvTranspose1d) feeding the encoder's forward, on the same
        // scratch-owning backend instance: a stale scratch buffer from the first call must not leak into the second.
        var (absolute, relative) = BackendParity.SumTolerance(
            (long)g.OutChannels * g.KernelSize * g.InChannels * g.KernelSize);
        float[][] buffers = [RandomTensors.UniformFloat(g.OutputSize, 12), RandomTensors.UniformFloat(g.WeightSize, 13),
            Garbage(g.InputSize), Garbage(g.OutputSize)];
        _parity.AssertClose($"conv transpose then conv {g}", buffers, (backend, b) =>
        {
            backend.Conv1dBackwardInput(g, b[0], b[1], b[2], accumulate: false);
            backend.Conv1dForward(g, b[2], b[1], null, b[3]);
        }, absolute, relative);
    }
}
