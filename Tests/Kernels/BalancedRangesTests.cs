using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// Atoms split into runs of about equal work (<see cref="BalancedRanges"/>), as the masked correlation and the register
/// weight gradient hand them to the workers: worked cases, and a bound on every range over random weights.
/// </summary>
public class BalancedRangesTests
{
    [TestCase(new[] { 1, 1, 1, 1 }, 2, new[] { 0, 2, 4 }, TestName = "even weights: even ranges")]
    [TestCase(new[] { 10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 2, new[] { 0, 1, 11 },
        TestName = "a heavy first atom is a range of its own")]
    [TestCase(new[] { 1, 100, 1 }, 3, new[] { 0, 2, 2, 3 }, TestName = "an atom heavier than two ranges empties one")]
    [TestCase(new[] { 5 }, 4, new[] { 0, 1, 1, 1, 1 }, TestName = "one atom, four ranges")]
    public void AtomRangesAreOfAboutEqualWeight(int[] weights, int ranges, int[] starts)
    {
        var found = new int[ranges + 1];
        BalancedRanges.Split(weights, ranges, found);
        Assert.That(found, Is.EqualTo(starts));
    }

    [Test]
    public void EveryRangeWeighsAtMostAShareAndOneAtom()
    {
        var random = new Random(40);
        for (int trial = 0; trial < 200; trial++)
        {
            var weights = Enumerable.Range(0, random.Next(1, 300)).Select(_ => 1 + random.Next(0, 200) / (1 + random
                .Next(0, 40))).ToArray();
            int ranges = random.Next(1, 70);
            var starts = new int[ranges + 1];
            BalancedRanges.Split(weights, ranges, starts);
            long total = weights.Sum(w => (long)w);
            var sizes = Enumerable.Range(0, ranges).Select(r => weights[starts[r]..starts[r + 1]].Sum()).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(starts[0], Is.Zero);
                Assert.That(starts[ranges], Is.EqualTo(weights.Length));
                Assert.That(starts.Zip(starts.Skip(1), (a, b) => b >= a), Is.All.True, "ranges in order");
                Assert.That(sizes, Is.All.LessThanOrEqualTo((double)total / ranges + weights.Max()),
                    $"trial {trial}: {weights.Length} atoms in {ranges} ranges");
            });
        }
    }
}
