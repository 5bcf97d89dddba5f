using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The split-K shape rule: small outputs over deep reductions split on a GPU-sized device, large outputs and shallow
/// reductions keep the unsplit path, and every split covers K exactly with slices that start on K-tile boundaries.
/// </summary>
public class SplitKPlanTests
{
    private const int H200Multiprocessors = 132;

    // The TCN's 64x64x3 and 388->64 1x1 weight gradients at T=4096, the decoder's input gradient of issue 14.
    [TestCase(64, 192, 4096)]
    [TestCase(64, 388, 4096)]
    [TestCase(1000, 128, 12416)]
    public void SmallOutputsOverDeepReductionsSplitOnAGpu(int m, int n, int k)
    {
        var split = SplitKPlan.Choose(m, n, k, H200Multiprocessors);
        Assert.Multiple(() =>
        {
            Assert.That(split.Slices, Is.GreaterThan(1));
            Assert.That(split.Slices, Is.LessThanOrEqualTo(SplitKPlan.MaxSlices));
            Assert.That(split.Depth, Is.GreaterThanOrEqualTo(SplitKPlan.MinSliceDepth));
        });
    }

    // A forward conv at B*T = 16384 rows, a square GEMM of 1024, and an output of exactly 2 groups per multiprocessor.
    [TestCase(16384, 64, 192)]
    [TestCase(1024, 1024, 1024)]
    [TestCase(32 * 33, 32 * 16, 100000)]
    public void OutputsThatFillTheDeviceKeepTheUnsplitPath(int m, int n, int k)
        => Assert.That(SplitKPlan.Choose(m, n, k, H200Multiprocessors), Is.EqualTo(SplitK.None(k)));

    [TestCase(64, 64, 0)]
    [TestCase(64, 64, 1)]
    [TestCase(5, 5, 2 * SplitKPlan.MinSliceDepth - 1)]
    public void ShallowReductionsNeverSplit(int m, int n, int k)
        => Assert.That(SplitKPlan.Choose(m, n, k, H200Multiprocessors).IsSplit, Is.False);

    [TestCase(0, 64)]
    [TestCase(64, 0)]
    public void EmptyOutputsNeverSplit(int m, int n)
        => Assert.That(SplitKPlan.Choose(m, n, 100000, H200Multiprocessors).IsSplit, Is.False);

    [TestCase(1, 1, 700, 1)]
    [TestCase(3, 5, 650, 1)]
    [TestCase(64, 192, 4096, 132)]
    [TestCase(64, 388, 4097, 132)]
    [TestCase(1000, 128, 12416, 132)]
    [TestCase(1, 1, 1_000_000, 1000)]
    public void SlicesCoverTheReductionExactlyFromTileBoundaries(int m, int n, int k, int multiprocessors)
    {
        var split = SplitKPlan.Choose(m, n, k, multiprocessors);
        Assert.Multiple(() =>
        {
            Assert.That(split.IsSplit, Is.True);
            Assert.That(split.Depth % SplitKPlan.SliceAlignment, Is.Zero);
            Assert.That((long)split.Slices * split.Depth, Is.GreaterThanOrEqualTo(k), "the slices reach the end of K");
            Assert.That((long)(split.Slices - 1) * split.Depth, Is.LessThan(k), "the last slice is not empty");
            Assert.That(split.Slices, Is.LessThanOrEqualTo(SplitKPlan.MaxSlices));
        });
    }

    [Test]
    public void MoreMultiprocessorsNeverMeanFewerSlices()
    {
        int previous = 1;
        foreach (int multiprocessors in new[] { 1, 2, 8, 32, 132, 1000 })
        {
            int slices = SplitKPlan.Choose(64, 192, 65536, multiprocessors).Slices;
            Assert.That(slices, Is.GreaterThanOrEqualTo(previous), $"{multiprocessors} multiprocessors");
            previous = slices;
        }
    }

    [TestCase(10, 3, 4)]
    [TestCase(9, 3, 3)]
    [TestCase(2, 5, 1)]
    public void ForcedSplitsCutKIntoEqualSlicesButTheLast(int k, int slices, int depth)
        => Assert.That(SplitK.Forced(k, slices), Is.EqualTo(new SplitK(slices, depth)));

    [Test]
    public void OneForcedSliceIsTheUnsplitPath()
        => Assert.That(SplitKPolicy.Always(1).Choose(5, 5, 1000, 1), Is.EqualTo(SplitK.None(1000)));

    [Test]
    public void AForcedPolicyIgnoresTheShape()
        => Assert.That(SplitKPolicy.Always(3).Choose(16384, 1024, 10, H200Multiprocessors),
            Is.EqualTo(new SplitK(3, 4)));

    [Test]
    public void ZeroSlicesAreRefused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => SplitKPolicy.Always(0));
}
