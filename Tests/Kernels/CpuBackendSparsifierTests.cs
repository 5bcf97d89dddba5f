using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The SIMD backend's winner selection (threshold by insertion for k &lt;= 16, by sorting for k &gt; 16, by a max/min
/// cascade over eight columns at once for k &lt;= 8: of one step each, side by side in time, or across items of 2 to 7
/// steps; by bisection of ordered keys over eight steps side by side for k &gt; 8; IndexOfMax for spatial) against the
/// scalar stable sorts.
/// Selections copy values, so code and mask must match exactly. Output buffers start as NaN.
/// </summary>
public class CpuBackendSparsifierTests
{
    private readonly BackendParity _parity = new(new CpuBackend(), new ScalarBackend());

    // Random floats (ties unlikely) or integers in [-3, 3] (ties everywhere).
    private static float[][] Buffers(int size, int seed, bool ties)
    {
        var z = ties ? RandomTensors.ToFloat(RandomTensors.SmallIntegers(size, seed, -3, 3))
            : RandomTensors.UniformFloat(size, seed);
        return [z, Enumerable.Repeat(float.NaN, size).ToArray(), Enumerable.Repeat(float.NaN, size).ToArray()];
    }

    // Each case once with random floats and once with heavy ties (NUnit cannot combine [TestCase] with [Values]).
    private static IEnumerable<TestCaseData> WithTies(params object[][] cases) =>
        from arguments in cases
        from ties in new[] { false, true }
        select new TestCaseData([.. arguments, ties]);

    public static IEnumerable<TestCaseData> TopKMatchesScalarCases() => WithTies(
        [3, 37, 13, 1],
        [3, 37, 13, 5],
        [3, 37, 13, 16],
        [3, 37, 13, 17],
        [3, 37, 13, 36],
        [3, 37, 13, 37],
        [2, 16, 9, 4],
        [2, 100, 7, 50],
        [4, 1, 5, 1],
        [515, 100, 1, 4],
        [48, 32, 1, 1],
        [33, 16, 1, 8],
        [20, 7, 1, 3],
        [40, 45, 1, 6],
        [19, 37, 1, 8],
        [12, 9, 1, 9],
        [17, 5, 1, 1],
        [2, 2400, 32, 4],
        [3, 20, 16, 8],
        [64, 100, 4, 4],
        [33, 30, 2, 2],
        [9, 11, 3, 8],
        [5, 20, 6, 1],
        [7, 13, 5, 3],
        [3, 9, 7, 7],
        [4, 12, 7, 9],
        [1, 1000, 128, 100],
        [2, 64, 24, 63]);

    // A NaN is never selected, whatever its sign bit (float.NaN has it set), and infinities are ordinary values:
    // columns selected one at a time, eight atoms of a single step at a time, sixteen items of a single step at a time,
    // eight steps at a time, and eight columns across items of three steps.
    [TestCase(3, 37, 13, 5)]
    [TestCase(11, 30, 3, 4)]
    [TestCase(19, 37, 1, 8)]
    [TestCase(2, 30, 16, 4)]
    [TestCase(2, 30, 16, 12)]
    [TestCase(1, 40, 8, 30)]
    public void TopKWithNaNAndInfinitiesMatchesScalar(int batch, int atoms, int length, int k)
    {
        var buffers = Buffers(batch * atoms * length, atoms, ties: true);
        var random = new Random(k);
        float[] odd = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, PositiveNaN];
        for (int i = 0; i < buffers[0].Length / 4; i++) buffers[0][random.Next(buffers[0].Length)] = odd[i % 4];
        _parity.AssertEqual($"top-{k} of {atoms} with NaN and infinities", buffers,
            (backend, b) => backend.TopKChannels(batch, atoms, length, k, b[0], b[1], b[2]));
    }

    private static readonly float PositiveNaN = BitConverter.Int32BitsToSingle(0x7FC00000);

    // -0 and +0 are equal values, so they tie in atom order
    [TestCase(3, 37, 13, 5)]
    [TestCase(2, 40, 16, 20)]
    [TestCase(40, 37, 1, 5)]
    public void TopKTiesSignedZerosInAtomOrder(int batch, int atoms, int length, int k)
    {
        var buffers = Buffers(batch * atoms * length, atoms, ties: true);
        for (int i = 0; i < buffers[0].Length; i++) if (buffers[0][i] >= 0) buffers[0][i] = i % 3 == 0 ? -0f : 0f;
        _parity.AssertEqual($"top-{k} of {atoms} with signed zeros", buffers,
            (backend, b) => backend.TopKChannels(batch, atoms, length, k, b[0], b[1], b[2]));
    }

    [TestCaseSource(nameof(TopKMatchesScalarCases))]
    public void TopKMatchesScalar(int batch, int atoms, int length, int k, bool ties)
        => _parity.AssertEqual($"top-{k} of {atoms}, ties={ties}", Buffers(batch * atoms * length, k + atoms, ties),
            (backend, b) => backend.TopKChannels(batch, atoms, length, k, b[0], b[1], b[2]));

    public static IEnumerable<TestCaseData> SpatialMatchesScalarCases() => WithTies(
        [5, 9, 13],
        [5, 9, 1],
        [2, 3, 64]);

    [TestCaseSource(nameof(SpatialMatchesScalarCases))]
    public void SpatialMatchesScalar(int batch, int atoms, int length, bool ties)
        => _parity.AssertEqual($"spatial, ties={ties}", Buffers(batch * atoms * length, length, ties),
            (backend, b) => backend.SpatialWinners(batch, atoms, length, b[0], b[1], b[2]));

    public static IEnumerable<TestCaseData> LifetimeMatchesScalarCases() => WithTies(
        [7, 5, 4, 0.3f],
        [33, 5, 4, 0.05f],
        [33, 6, 3, 0.5f],
        [9, 4, 1, 1f],
        [1, 3, 6, 0.1f]);

    [TestCaseSource(nameof(LifetimeMatchesScalarCases))]
    public void LifetimeMatchesScalar(int batch, int atoms, int length, float rate, bool ties)
        => _parity.AssertEqual($"lifetime rate {rate}, ties={ties}", Buffers(batch * atoms * length, batch, ties),
            (backend, b) => backend.LifetimeWinners(batch, atoms, length, rate, b[0], b[1], b[2]));
}
