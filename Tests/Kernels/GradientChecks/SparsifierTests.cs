using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using static TcnWtaNative.Tests.Support.FiniteDifference;
using Ops = TcnWtaNative.Kernels.Reference.ReferenceOps<double>;

namespace TcnWtaNative.Tests.Kernels.GradientChecks;

/// <summary>
/// The three winner-take-all sparsifiers: code = z * mask, and the backward dz = dcode * mask checked against central
/// differences in float64 (values kept far more than the step apart, so no perturbation changes a selection).
/// Tie-breaking and k edge cases are checked on every implementation against an independent oracle: a stable LINQ sort.
/// </summary>
public class SparsifierTests
{
    private const double Gap = 1e-3;   // >> the finite-difference step of 1e-6

    public enum Sparsifier { TopK, Spatial, Lifetime }

    public static readonly string[] Implementations = ["float64 reference", "scalar backend", "cpu backend"];

    /// <summary>Runs one sparsifier on z[B,N,L] in the named implementation; returns (code, mask) in double.</summary>
    private static (double[] Code, double[] Mask) Sparsify(string implementation, Sparsifier kind, int batch, int atoms,
        int length, double[] z, int k = 1, float rate = 1)
    {
        if (implementation == Implementations[0])
        {
            var code = new double[z.Length];
            var mask = new double[z.Length];
            switch (kind)
            {
                case Sparsifier.TopK: Ops.TopKChannels(batch, atoms, length, k, z, code, mask); break;
                case Sparsifier.Spatial: Ops.SpatialWinners(batch, atoms, length, z, code, mask); break;
                default: Ops.LifetimeWinners(batch, atoms, length, rate, z, code, mask); break;
            }
            return (code, mask);
        }
        using IComputeBackend backend = implementation == Implementations[1] ? new ScalarBackend() : new CpuBackend();
        var buffers = new[] { backend.Allocate(z.Length), backend.Allocate(z.Length), backend.Allocate(z.Length) };
        backend.Upload(RandomTensors.ToFloat(z), buffers[0]);
        backend.Fill(buffers[1], float.NaN);   // garbage every entry must overwrite
        backend.Fill(buffers[2], float.NaN);
        switch (kind)
        {
            case Sparsifier.TopK:
                backend.TopKChannels(batch, atoms, length, k, buffers[0], buffers[1], buffers[2]);
                break;
            case Sparsifier.Spatial:
                backend.SpatialWinners(batch, atoms, length, buffers[0], buffers[1], buffers[2]);
                break;
            default: backend.LifetimeWinners(batch, atoms, length, rate, buffers[0], buffers[1], buffers[2]); break;
        }
        var results = buffers[1..].Select(buffer =>
        {
            var values = new float[z.Length];
            backend.Download(buffer, values);
            return RandomTensors.ToDouble(values);
        }).ToArray();
        return (results[0], results[1]);
    }

    // ---- gradients ----

    [TestCase(Sparsifier.TopK, 2, 7, 3, 3, 1f)]
    [TestCase(Sparsifier.TopK, 2, 5, 2, 1, 1f)]
    [TestCase(Sparsifier.TopK, 2, 5, 2, 5, 1f)]
    [TestCase(Sparsifier.Spatial, 3, 4, 5, 1, 1f)]
    [TestCase(Sparsifier.Lifetime, 5, 4, 3, 1, 0.4f)]
    [TestCase(Sparsifier.Lifetime, 7, 3, 4, 1, 0.2f)]
    public void BackwardIsTheMaskTimesTheUpstreamAndMatchesCentralDifferences(Sparsifier kind, int batch, int atoms,
        int length, int k, float rate)
    {
        var z = RandomTensors.Distinct(batch * atoms * length, 1, Gap);
        var upstream = RandomTensors.Uniform(z.Length, 2);
        var (code, mask) = Sparsify(Implementations[0], kind, batch, atoms, length, z, k, rate);
        var dz = new double[z.Length];
        Ops.Multiply(upstream, mask, dz);

        int kept = kind switch
        {
            Sparsifier.TopK => batch * length * k,
            Sparsifier.Spatial => batch * atoms,
            _ => atoms * SparsityShapes.LifetimeKeepCount(batch, rate),
        };
        Assert.That(mask, Has.All.EqualTo(0).Or.EqualTo(1), "the mask is 0/1");
        Assert.That(mask.Sum(), Is.EqualTo(kept), "how many entries are kept");
        TensorAssert.Equal(code, z.Zip(mask, (v, m) => v * m).ToArray(), "code = z * mask");
        AssertGradient($"{kind} dL/dz",
            p => Dot(Sparsify(Implementations[0], kind, batch, atoms, length, p, k, rate).Code, upstream), z, dz);
    }

    // ---- selection rules, on every implementation, against a stable sort ----

    // The `count` largest of values[indices], ties to the earlier position in `indices`.
    private static IEnumerable<int> Largest(IEnumerable<int> indices, Func<int, double> value, int count)
        => indices.OrderByDescending(value).Take(count);   // OrderBy is stable: equal values keep index order

    [Test]
    public void TopKKeepsTheKLargestPerColumnAndTiesGoToTheLowerChannel(
        [ValueSource(nameof(Implementations))] string implementation, [Values(1, 2, 5, 16, 17, 29, 40)] int k)
    {
        const int batch = 3, atoms = 40, length = 5;   // N not a multiple of 16; k
                                                       // <= 16 and k > 16 take different paths
        var z = RandomTensors.SmallIntegers(batch * atoms * length, k, -3, 3);
        var expected = new double[z.Length];
        for (int b = 0; b < batch; b++)
        for (int l = 0; l < length; l++)
        {
            int Index(int n) => (b * atoms + n) * length + l;
            foreach (int n in Largest(Enumerable.Range(0, atoms), n => z[Index(n)], k)) expected[Index(n)] = 1;
        }

        var (code, mask) = Sparsify(implementation, Sparsifier.TopK, batch, atoms, length, z, k);

        TensorAssert.Equal(mask, expected, $"top-{k} mask");
        TensorAssert.Equal(code, z.Zip(expected, (v, m) => v * m).ToArray(), $"top-{k} code");
    }

    [Test]
    public void SpatialKeepsOneWinnerPerRowAndTiesGoToTheEarliestStep(
        [ValueSource(nameof(Implementations))] string implementation)
    {
        const int batch = 3, atoms = 5, length = 11;
        var z = RandomTensors.SmallIntegers(batch * atoms * length, 3, -2, 2);
        var expected = new double[z.Length];
        for (int row = 0; row < batch * atoms; row++)
            expected[Largest(Enumerable.Range(row * length, length), i => z[i], 1).Single()] = 1;

        var (code, mask) = Sparsify(implementation, Sparsifier.Spatial, batch, atoms, length, z);

        TensorAssert.Equal(mask, expected, "spatial mask");
        TensorAssert.Equal(code, z.Zip(expected, (v, m) => v * m).ToArray(), "spatial code");
    }

    [Test]
    public void SignedZerosTieLikeAnyEqualValues([ValueSource(nameof(Implementations))] string implementation)
    {
        // -0 == +0, so the earlier step wins the spatial tie and the lower channel the top-1 tie, whatever the signs.
        double[] z = [-0.0, 0.0, 0.0, -1.0];   // [B=1, N=1, L=4] for spatial; [B=1, N=4, L=1] for top-k
        TensorAssert.Equal(Sparsify(implementation, Sparsifier.Spatial, 1, 1, 4, z).Mask, [1, 0, 0, 0], "spatial mask");
        TensorAssert.Equal(Sparsify(implementation, Sparsifier.TopK, 1, 4, 1, z, k: 1).Mask, [1, 0, 0, 0],
            "top-1 mask");
    }

    [Test]
    public void LifetimeKeepsTheLargestSpatialWinnersPerAtomAndTiesGoToTheLowerBatchIndex(
        [ValueSource(nameof(Implementations))] string implementation, [Values(0.01f, 0.2f, 0.5f, 1f)] float rate)
    {
        const int batch = 9, atoms = 4, length = 3;   // B odd
        var z = RandomTensors.SmallIntegers(batch * atoms * length, 4, -2, 2);
        int keep = Math.Max(1, (int)Math.Ceiling((decimal)rate * batch));
        var expected = new double[z.Length];
        for (int n = 0; n < atoms; n++)
        {
            var winners = Enumerable.Range(0, batch)
                .Select(b => Largest(Enumerable.Range((b * atoms + n) * length, length), i => z[i], 1).Single())
                    .ToArray();
            foreach (int b in Largest(Enumerable.Range(0, batch), b => z[winners[b]], keep)) expected[winners[b]] = 1;
        }

        var (code, mask) = Sparsify(implementation, Sparsifier.Lifetime, batch, atoms, length, z, rate: rate);

        TensorAssert.Equal(mask, expected, $"lifetime mask, keep {keep} of {batch}");
        TensorAssert.Equal(code, z.Zip(expected, (v, m) => v * m).ToArray(), "lifetime code");
    }

    // keep = max(1, ceil(rate * B)) for the rate as written: 0.05f is slightly above 0.05, which must not round
    // 5.0000001 up to 6.
    [TestCase(0.05f, 100)]
    [TestCase(0.1f, 10)]
    [TestCase(0.2f, 5)]
    [TestCase(0.3f, 10)]
    [TestCase(0.07f, 100)]
    [TestCase(0.25f, 8)]
    [TestCase(0.5f, 7)]
    [TestCase(0.01f, 10)]
    [TestCase(1f, 9)]
    public void LifetimeKeepCountIsTheCeilingOfRateTimesBatchAndAtLeastOne(float rate, int batch)
    {
        int expected = Math.Max(1, (int)Math.Ceiling((decimal)rate * batch));   // (decimal)0.05f == 0.05m:
                                                                                // the rate as written
        Assert.That(SparsityShapes.LifetimeKeepCount(batch, rate), Is.EqualTo(expected));
    }
}
