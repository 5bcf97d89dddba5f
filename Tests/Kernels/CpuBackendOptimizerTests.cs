using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The SIMD backend's optimizer ops against the scalar loops: Adam/AdamW over several steps on buffers that span
/// several parallel chunks plus a vector tail, the squared norm (float chunks summed in double) and row normalization.
/// </summary>
public class CpuBackendOptimizerTests
{
    private readonly BackendParity _parity = new(new CpuBackend(), new ScalarBackend());

    public static IEnumerable<TestCaseData> AdamCases() =>
        from length in new[] { 1, 13, 70_001 }   // 70 001: several parallel chunks (ElementChunks), a partial one and a
                                                 // scalar tail
        from settings in new[]
        {
            new AdamSettings(1e-3f),
            new AdamSettings(1e-2f, WeightDecay: 0.1f),
            new AdamSettings(1e-2f, 0.8f, 0.99f, 1e-6f, WeightDecay: 0.1f, Decoupled: true),
        }
        select new TestCaseData(length, settings);

    [TestCaseSource(nameof(AdamCases))]
    public void AdamStepsMatchScalar(int length, AdamSettings settings)
    {
        float[][] buffers = [RandomTensors.UniformFloat(length, 1), RandomTensors.UniformFloat(length, 2),
            RandomTensors.UniformFloat(length, 3), RandomTensors.UniformFloat(length, 4, 0, 1e-2)];   // p, g, m, v >= 0
        _parity.AssertClose($"{settings} on {length}", buffers, (backend, b) =>
        {
            for (int step = 1; step <= 3; step++)
            {
                backend.AdamStep(settings, step, b[0], b[1], b[2], b[3]);
                backend.Scale(b[1], -0.5f);   // a different gradient each step
            }
        }, 1e-7, 1e-5);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(4095)]
    [TestCase(4097)]
    [TestCase(100_003)]
    public void SumOfSquaresMatchesScalar(int length)
        => _parity.AssertClose($"sum of squares of {length}", [RandomTensors.UniformFloat(length, 5)],
            (backend, b) => backend.SumOfSquares(b[0]), 1e-12, 1e-6);

    [TestCase(6, 1)]
    [TestCase(5, 7)]
    [TestCase(4, 300)]
    public void NormalizeRowsMatchesScalarAndLeavesZeroRowsZero(int rows, int rowLength)
    {
        var matrix = RandomTensors.UniformFloat(rows * rowLength, 6, -3, 3);
        Array.Clear(matrix, rowLength, rowLength);   // row 1 is all zeros
        _parity.AssertClose($"normalize {rows}x{rowLength}", [matrix],
            (backend, b) => backend.NormalizeRows(b[0], rows, rowLength), 1e-7, 1e-6);
    }
}
