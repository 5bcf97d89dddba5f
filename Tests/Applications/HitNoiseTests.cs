using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// Noise on a drum grid (<see cref="NoiseInjection"/>, <see cref="HitNoise"/>): extra hits go on cells the clean grid
/// leaves empty, dropped hits are taken from its played cells, and adding drops leaves the extra hits drawn as they
/// were.
/// </summary>
public class HitNoiseTests
{
    private const int Steps = 32, Drums = 9;

    // a grid [27, 32] with a hit of velocity 0.7 and offset 0.2 on about a fifth of the hit cells
    private static float[] Grid(int seed)
    {
        var random = new Random(seed);
        var grid = new float[GrooveGrid.Channels * Steps];
        for (int cell = 0; cell < Drums * Steps; cell++)
            if (random.NextDouble() < 0.2)
            {
                grid[cell] = 1;
                grid[GrooveGrid.VelocityChannel * Steps + cell] = 0.7f;
                grid[GrooveGrid.OffsetChannel * Steps + cell] = 0.2f;
            }
        return grid;
    }

    private static bool Hit(float[] grid, int cell) => grid[cell] > 0.5f;

    [Test]
    public void DropsTakeShareTimesTheHitsAwayAndExtraHitsLandOnlyWhereTheCleanGridWasEmpty()
    {
        var clean = Grid(seed: 3);
        var noisy = (float[])clean.Clone();
        int played = Enumerable.Range(0, Drums * Steps).Count(cell => Hit(clean, cell));

        var (added, dropped) = NoiseInjection.ApplyInPlace(noisy, Steps, Steps, new HitNoise(1, 0.3), new Random(5));

        Assert.That(dropped, Is.EqualTo((int)Math.Round(0.3 * played)));
        Assert.That(added, Is.EqualTo(played));
        int kept = 0, extra = 0;
        for (int cell = 0; cell < Drums * Steps; cell++)
        {
            int velocity = GrooveGrid.VelocityChannel * Steps + cell, offset = GrooveGrid.OffsetChannel * Steps + cell;
            if (Hit(clean, cell) && Hit(noisy, cell))
            {
                kept++;
                Assert.That((noisy[velocity], noisy[offset]), Is.EqualTo((0.7f, 0.2f)), "a kept hit is unchanged");
            }
            else if (Hit(clean, cell))
                Assert.That((noisy[cell], noisy[velocity], noisy[offset]), Is.EqualTo((0f, 0f, 0f)), "dropped whole");
            else if (Hit(noisy, cell))
            {
                extra++;
                Assert.That(noisy[velocity], Is.InRange(0.3f, 0.9f));
                Assert.That(noisy[offset], Is.Zero);
            }
        }
        Assert.That((kept, extra), Is.EqualTo((played - dropped, added)));
    }

    [Test]
    public void AddingDropsLeavesTheExtraHitsOfTheSameSeedWhereTheyWere()
    {
        var clean = Grid(seed: 8);
        var extraOnly = (float[])clean.Clone();
        var both = (float[])clean.Clone();
        NoiseInjection.ApplyInPlace(extraOnly, Steps, Steps, new HitNoise(1.5), new Random(2));
        NoiseInjection.ApplyInPlace(both, Steps, Steps, new HitNoise(1.5, 0.4), new Random(2));

        var cells = Enumerable.Range(0, GrooveGrid.Channels * Steps).Where(i => !Hit(clean, i % (Drums * Steps)));
        Assert.That(cells.Select(i => both[i]), Is.EqualTo(cells.Select(i => extraOnly[i])),
            "the cells the clean grid left empty hold the same extra hits");
        Assert.That(both, Is.Not.EqualTo(extraOnly), "and some played hits were dropped");
    }

    [Test]
    public void DropsAloneAddNothingAndTheNoiseSaysWhatItDoes()
    {
        var clean = Grid(seed: 4);
        var noisy = (float[])clean.Clone();
        var (added, dropped) = NoiseInjection.ApplyInPlace(noisy, Steps, Steps, new HitNoise(0, 0.5), new Random(1));

        Assert.That(added, Is.Zero);
        Assert.That(Enumerable.Range(0, Drums * Steps).Count(cell => Hit(noisy, cell) && !Hit(clean, cell)), Is.Zero);
        Assert.That(dropped, Is.GreaterThan(0));
        Assert.That(new HitNoise(1, 0.25).ToString(), Is.EqualTo("1 extra hits per hit, 0.25 of the hits dropped"));
        Assert.That(new HitNoise(0, 0.5).ToString(), Is.EqualTo("0.5 of the hits dropped"));
        Assert.That(() => new HitNoise(1, 0.95),
            Throws.ArgumentException.With.Message.Contains("share of hits dropped"));
    }

    [Test]
    public void QuantizingKeepsEveryHitAtVelocityHundredOnTheGridAndDrawsNothing()
    {
        var clean = Grid(seed: 6);
        var quantized = (float[])clean.Clone();
        var (added, dropped) = NoiseInjection.ApplyInPlace(quantized, Steps, Steps, new HitNoise(0, 0, true),
            new Random(1));

        Assert.That((added, dropped), Is.EqualTo((0, 0)));
        for (int cell = 0; cell < Drums * Steps; cell++)
        {
            Assert.That(Hit(quantized, cell), Is.EqualTo(Hit(clean, cell)), $"cell {cell} keeps its hit or silence");
            Assert.That(quantized[GrooveGrid.VelocityChannel * Steps + cell],
                Is.EqualTo(Hit(clean, cell) ? 100f / 127 : 0f));
            Assert.That(quantized[GrooveGrid.OffsetChannel * Steps + cell], Is.Zero);
        }
        var extraOnly = (float[])clean.Clone();
        var extraQuantized = (float[])clean.Clone();
        NoiseInjection.ApplyInPlace(extraOnly, Steps, Steps, new HitNoise(1.5), new Random(2));
        NoiseInjection.ApplyInPlace(extraQuantized, Steps, Steps, new HitNoise(1.5, 0, true), new Random(2));
        Assert.That(Enumerable.Range(0, Drums * Steps).Select(cell => Hit(extraQuantized, cell)),
            Is.EqualTo(Enumerable.Range(0, Drums * Steps).Select(cell => Hit(extraOnly, cell))),
            "quantizing after extra hits draws nothing: the same seed adds the same hits");
        Assert.That(new HitNoise(0, 0.5, true).ToString(),
            Is.EqualTo("0.5 of the hits dropped, quantized (velocity 100, on the grid)"));
        Assert.That(new HitNoise(0, 0, true).ChangesHits, Is.False);
        Assert.That(() => new HitNoise(0), Throws.ArgumentException.With.Message.Contains("it does none"));
        Assert.That(HitNoise.Of(null, null, "--add-noise", "--drop-hits", quantized: true),
            Is.EqualTo(new HitNoise(0, 0, true)));
    }
}
