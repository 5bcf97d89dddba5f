using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The tile rule: outputs with at least one 64x64 block per multiprocessor take the register-blocked kernel, smaller
/// outputs and every split shape keep the 32x32 kernel, and a forced policy picks its kernel whatever the shape; TF32
/// GEMMs take the 128x64 block of the tensor-core kernel by the same rule and fall back to its 64x64 block.
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
    [TestCase(GemmTile.Block128)]
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

    // The groove decoder (32 x 7 blocks of 128x64), maestro's at T=4096 (1 x 194), the T=32768 TCN conv (256 x 1),
    // and 132 blocks exactly.
    [TestCase(4096, 432, 100)]
    [TestCase(128, 12416, 1000)]
    [TestCase(32768, 64, 192)]
    [TestCase(128 * 12, 64 * 11, 64)]
    public void Tf32OutputsThatFillTheDeviceTakeThe128Block(int m, int n, int k)
        => Assert.That(PlanTf32(m, n, k, H200Multiprocessors), Is.EqualTo(Tf32Block.Rows128));

    // A TCN weight gradient (split), maestro's TCN conv at T=4096 (32 blocks), groove's encoder (64), one block short.
    [TestCase(64, 192, 4096)]
    [TestCase(4096, 64, 192)]
    [TestCase(4096, 100, 432)]
    [TestCase(128 * 131, 64, 100)]
    public void SmallTf32OutputsFallBackToThe64Block(int m, int n, int k)
        => Assert.That(PlanTf32(m, n, k, H200Multiprocessors), Is.EqualTo(Tf32Block.Rows64));

    [TestCase(Tf32Block.Rows64)]
    [TestCase(Tf32Block.Rows128)]
    public void AForcedTf32PolicyIgnoresTheShapeAndTheSplit(Tf32Block block)
        => Assert.Multiple(() =>
        {
            var policy = GemmTilePolicy.AlwaysTf32(block);
            Assert.That(policy.ChooseTf32(1, 1, SplitK.None(5), H200Multiprocessors), Is.EqualTo(block));
            Assert.That(policy.ChooseTf32(4096, 4096, new SplitK(3, 32), 1), Is.EqualTo(block));
            Assert.That(policy.Choose(1, 1, SplitK.None(5), 1),
                Is.EqualTo(GemmTilePlan.Choose(1, 1, SplitK.None(5), 1)), "fp32 GEMMs keep the shape rule");
        });

    [Test]
    public void TheShapePolicyIsTheTf32Plan()
        => Assert.That(GemmTilePolicy.ByShape.ChooseTf32(700, 800, SplitK.None(24), H200Multiprocessors),
            Is.EqualTo(GemmTilePlan.ChooseTf32(700, 800, SplitK.None(24), H200Multiprocessors)));

    // The two plans as the backend combines them: split first, then the tile for that split.
    private static GemmTile Plan(int m, int n, int k, int multiprocessors)
        => GemmTilePlan.Choose(m, n, SplitKPlan.Choose(m, n, k, multiprocessors), multiprocessors);

    private static Tf32Block PlanTf32(int m, int n, int k, int multiprocessors)
        => GemmTilePlan.ChooseTf32(m, n, SplitKPlan.Choose(m, n, k, multiprocessors), multiprocessors);
}
