using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Ilgpu;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

public class CodeEditingTests
{
    // a random code [atoms, columns] with exactly k positive winners per column
    private static SparseCode RandomCode(int atoms, int columns, int k, int seed)
    {
        var random = new Random(seed);
        var code = SparseCode.Zeros(atoms, columns);
        for (int l = 0; l < columns; l++)
            foreach (int n in Enumerable.Range(0, atoms).OrderBy(_ => random.Next()).Take(k))
                code.Values[n * columns + l] = 0.1f + random.NextSingle();
        return code;
    }

    private static int Winners(SparseCode code, int column)
        => Enumerable.Range(0, code.Atoms).Count(n => code[n, column] != 0);

    [Test]
    public void SwapMovesExactlyThePairedAtomsActivations()
    {
        var a = SparseCode.Zeros(6, 3);
        var b = SparseCode.Zeros(6, 3);
        void Set(SparseCode c, int n, int l, float v) => c.Values[n * 3 + l] = v;
        Set(a, 0, 0, 3); Set(a, 0, 1, 3); Set(a, 1, 1, 2); Set(a, 2, 2, 0.5f);   // A uses 0 > 1 > 2
        Set(b, 4, 0, 5); Set(b, 5, 2, 1);                                         // B uses 4 > 5

        var pairs = CodeEditing.PairTopAtoms(a.Usage(), b.Usage(), 2);
        var swapped = CodeEditing.MoveAtoms(a, pairs);

        Assert.That(pairs, Is.EqualTo(new[] { (0, 4), (1, 5) }));
        Assert.That(Enumerable.Range(0, 3).Select(l => swapped[4, l]), Is.EqualTo(new[] { 3f, 3f, 0f }),
            "atom 0's activations now play atom 4");
        Assert.That(Enumerable.Range(0, 3).Select(l => swapped[5, l]), Is.EqualTo(new[] { 0f, 2f, 0f }));
        Assert.That(Enumerable.Range(0, 3).Select(l => swapped[2, l]), Is.EqualTo(new[] { 0f, 0f, 0.5f }),
            "unchosen atoms stay");
        Assert.That(Enumerable.Range(0, 3).Sum(l => swapped[0, l] + swapped[1, l] + swapped[3, l]), Is.Zero);
        Assert.That(CodeEditing.PairTopAtoms(a.Usage(), b.Usage(), 5), Has.Count.EqualTo(2), "B uses only two atoms");
    }

    [Test]
    public void InterpolationEndpointsAreTheCodesAndEveryMixKeepsAtMostKPerColumn()
    {
        const int k = 2;
        using var backend = new CpuBackend();
        var a = RandomCode(10, 12, k, seed: 2);
        var b = RandomCode(10, 12, k, seed: 3);

        Assert.That(CodeEditing.Interpolate(backend, a, b, 0, k).Values, Is.EqualTo(a.Values));
        Assert.That(CodeEditing.Interpolate(backend, a, b, 1, k).Values, Is.EqualTo(b.Values).Within(1e-6f));
        foreach (double t in new[] { 0.25, 0.5, 0.75 })
        {
            var mix = CodeEditing.Interpolate(backend, a, b, t, k);
            for (int l = 0; l < 12; l++)
            {
                Assert.That(Winners(mix, l), Is.LessThanOrEqualTo(k), $"t = {t}, column {l}");
                var plain = Enumerable.Range(0, 10).Select(n => (1 - t) * a[n, l] + t * b[n, l]).OrderDescending()
                    .ToArray();
                var kept = Enumerable.Range(0, 10).Select(n => (double)mix[n, l]).OrderDescending().Take(k).ToArray();
                Assert.That(kept, Is.EqualTo(plain.Take(k)).Within(1e-5), "the winners are the k largest mixed values");
            }
        }
        Assert.That(() => CodeEditing.Interpolate(backend, a, RandomCode(10, 11, k, 4), 0.5, k),
            Throws.ArgumentException.With.Message.Contains("cannot be mixed"));
    }

    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void RestrictedTopKChoosesWinnersOnlyAmongTheAllowedAtoms(string device)
    {
        using IComputeBackend backend = device == "cpu" ? new CpuBackend() : new IlgpuBackend(IlgpuDeviceKind.Cpu);
        var dense = new SparseCode(4, 2, [5, 1, 4, 2, 3, 3, -1, -2]);   // columns: (5, 4, 3, -1) and (1, 2, 3, -2)

        var restricted = CodeEditing.TopKPerColumn(backend, dense, 2, new HashSet<int> { 1, 2, 3 });

        Assert.That(restricted.Values, Is.EqualTo(new float[] { 0, 0, 4, 2, 3, 3, 0, 0 }));
        var single = CodeEditing.TopKPerColumn(backend, dense, 2, new HashSet<int> { 3 });
        Assert.That(single.Values, Is.EqualTo(new float[] { 0, 0, 0, 0, 0, 0, -1, -2 }),
            "fewer allowed atoms than k: the rest stay zero");
        Assert.That(() => CodeEditing.TopKPerColumn(backend, dense, 1, new HashSet<int> { 9 }),
            Throws.ArgumentException.With.Message.Contains("atom 9 does not exist"));
    }

    [Test]
    public void SectionMatchingFindsAPlantedCopy()
    {
        var a = RandomCode(8, 20, 2, seed: 5);
        var b = RandomCode(8, 15, 2, seed: 6);
        for (int n = 0; n < 8; n++)
            for (int d = 0; d < 3; d++) b.Values[n * 15 + 9 + d] = 2 * a[n, 4 + d];   // b[:, 9..11] = 2 a[:, 4..6]

        var (tallyA, tallyB) = (DenseSectionMatching.Tally(a), DenseSectionMatching.Tally(b));
        var match = SectionMatching.MostSimilar(tallyA, tallyB, 3);

        Assert.That((match.FirstA, match.FirstB, match.Columns), Is.EqualTo((4, 9, 3)));
        Assert.That(match.Cosine, Is.EqualTo(1).Within(1e-6));
        Assert.That(() => SectionMatching.MostSimilar(tallyA, tallyB, 16),
            Throws.ArgumentException.With.Message.Contains("does not fit"));
    }

    [TestCase(1, 1, SectionMatching.ValuesPerBand)]
    [TestCase(3, 2, SectionMatching.ValuesPerBand)]
    [TestCase(7, 5, SectionMatching.ValuesPerBand)]
    [TestCase(3, 2, 1)]
    [TestCase(3, 4, 150)]
    public void SectionMatchingOnTheNonZerosEqualsTheDenseSearch(int k, int columns, int valuesPerBand)
    {
        for (int seed = 0; seed < 8; seed++)
        {
            var random = new Random(seed);
            var a = SignedCode(16, 40 + seed, k, random);
            var b = SignedCode(16, 33, k, random);
            // b[:, 20..] repeats b[:, 2..]: windows there tie exactly, and the earliest must win
            for (int n = 0; n < 16; n++) Array.Copy(b.Values, n * 33 + 2, b.Values, n * 33 + 20, 13);

            var dense = DenseSectionMatching.MostSimilar(a, b, columns);
            var (tallyA, tallyB) = (DenseSectionMatching.Tally(a), DenseSectionMatching.Tally(b));
            var sparse = SectionMatching.MostSimilar(tallyA, tallyB, columns, valuesPerBand);

            Assert.That(sparse, Is.EqualTo(dense), $"seed {seed}");
        }
    }

    // a random code [atoms, columns] of k signed winners per column (fewer where a draw repeats), every fifth column
    // zero
    private static SparseCode SignedCode(int atoms, int columns, int k, Random random)
    {
        var code = SparseCode.Zeros(atoms, columns);
        for (int l = 0; l < columns; l++)
            for (int draw = 0; draw < k && l % 5 != 4; draw++)
                code.Values[random.Next(atoms) * columns + l] = random.NextSingle() * 2 - 1;
        return code;
    }

    [Test]
    public void AMixKeepsTheInterpolatedNormOfEveryColumn()
    {
        const int k = 1;
        using var backend = new CpuBackend();
        var a = RandomCode(10, 12, k, seed: 7);
        var b = RandomCode(10, 12, k, seed: 8);
        static double Norm(SparseCode code, int l)
            => Math.Sqrt(Enumerable.Range(0, code.Atoms).Sum(n => (double)code[n, l] * code[n, l]));

        var mix = CodeEditing.KeepMixedEnergy(CodeEditing.Interpolate(backend, a, b, 0.5, k), a, b, 0.5);

        for (int l = 0; l < 12; l++)
            Assert.That(Norm(mix, l), Is.EqualTo(0.5 * Norm(a, l) + 0.5 * Norm(b, l)).Within(1e-5), $"column {l}");
        Assert.That(CodeEditing.KeepMixedEnergy(a, a, b, 0).Values, Is.EqualTo(a.Values).Within(1e-6f),
            "t = 0 is A itself");
    }
}
