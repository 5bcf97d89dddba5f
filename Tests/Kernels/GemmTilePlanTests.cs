using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The tile rule: outputs with at least one 64x64 block per multiprocessor take the register-blocked kernel, smaller
/// outputs and every split shape keep the 32x32 kernel, and a forced policy picks its kernel whatever the shape.
/// </summary>
public class GemmTilePlanTests
{
    private const int H200Multiprocessors = 132;

    // The bench's decoders (groove: 4096 bars x 27*16 from 100 atoms; maestro at T=4096: 128 frames x 388*32 from
    // 1000 atoms), the maestro TCN's second conv at T=32768, a square 1024, and 132 blocks exactly.
    [TestCase(4096, 432, 100)]
    [TestCase(128, 12416, 1000)]
    [TestCase(32768, 64, 192)]
    [TestCase(1024, 1024, 1024)]
    [TestCase(64 * 12, 64 * 11, 64)]
    public void OutputsThatFillTheDeviceTakeTheBigTile(int m, int n, int k)
        => Assert.That(Plan(m, n, k, H200Multiprocessors), Is.EqualTo(GemmTile.Block64));

    // A TCN weight gradient (split), maestro's TCN conv at T=4096 (64 blocks), groove's encoder (4096 bars into 100
    // atoms: 128 blocks), one block short of 132.
    [TestCase(64, 192, 4096)]
    [TestCase(4096, 64, 192)]
    [TestCase(4096, 100, 432)]
    [TestCase(64 * 131, 64, 100)]
    public void SmallOutputsKeepThe32Tile(int m, int n, int k)
        => Assert.That(Plan(m, n, k, H200Multiprocessors), Is.EqualTo(GemmTile.Block32));

    [Test]
    public void ASplitShapeKeepsThe32TileWhateverItsOutput()
        => Assert.That(GemmTilePlan.Choose(4096, 4096, new SplitK(4, 256), H200Multiprocessors),
            Is.EqualTo(GemmTile.Block32));

    [Test]
    public void OneMultiprocessorTakesTheBigTileFromOneBlock()
        => Assert.Multiple(() =>
        {
            Assert.That(GemmTilePlan.Choose(1, 1, SplitK.None(1), 1), Is.EqualTo(GemmTile.Block64));
            Assert.That(GemmTilePlan.Choose(0, 64, SplitK.None(1), 1), Is.EqualTo(GemmTile.Block32), "an empty output");
        });

    [Test]
    public void MoreMultiprocessorsNeverMeanABiggerTile()
    {
        var previous = GemmTile.Block64;
        foreach (int multiprocessors in new[] { 1, 8, 32, 132, 1000 })
        {
            var tile = GemmTilePlan.Choose(1000, 600, SplitK.None(64), multiprocessors);
            Assert.That(tile, Is.LessThanOrEqualTo(previous), $"{multiprocessors} multiprocessors");
            previous = tile;
        }
        Assert.That(previous, Is.EqualTo(GemmTile.Block32), "1000 multiprocessors want more than 160 blocks");
    }

    [TestCase(GemmTile.Block32)]
    [TestCase(GemmTile.Block64)]
    public void AForcedPolicyIgnoresTheShapeAndTheSplit(GemmTile tile)
        => Assert.Multiple(() =>
        {
            Assert.That(GemmTilePolicy.Always(tile).Choose(1, 1, SplitK.None(5), H200Multiprocessors),
                Is.EqualTo(tile));
            Assert.That(GemmTilePolicy.Always(tile).Choose(4096, 4096, new SplitK(3, 32), 1), Is.EqualTo(tile));
        });

    [Test]
    public void TheShapePolicyIsThePlan()
        => Assert.That(GemmTilePolicy.ByShape.Choose(700, 800, SplitK.None(24), H200Multiprocessors),
            Is.EqualTo(GemmTilePlan.Choose(700, 800, SplitK.None(24), H200Multiprocessors)));

    // The two plans as the backend combines them: split first, then the tile for that split.
    private static GemmTile Plan(int m, int n, int k, int multiprocessors)
        => GemmTilePlan.Choose(m, n, SplitKPlan.Choose(m, n, k, multiprocessors), multiprocessors);
}
