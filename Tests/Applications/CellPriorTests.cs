using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

/// <summary>The cell prior's posterior by hand, its blend of a window at any step of a piece, and its errors.</summary>
public class CellPriorTests
{
    private const int Steps = 16, Size = GrooveGrid.Channels * Steps;

    // four training bars: the kick on every step 0, the snare on step 8 of one bar in four, nothing else
    private static CellPrior KickAndSometimesSnare(double rate, double drop = 0)
    {
        var bars = new float[4 * Size];
        for (int i = 0; i < 4; i++) bars[i * Size] = 1;
        bars[Steps + 8] = 1;
        return new CellPrior(bars, 4, Steps, new HitNoise(rate, drop));
    }

    [Test]
    public void APosteriorWeighsTheCellsTrainingRateAgainstTheChanceTheNoiseLightsIt()
    {
        var prior = KickAndSometimesSnare(rate: 2);

        // 1.25 hits a bar, q = 2 × 1.25 / (144 − 1.25) per empty cell
        double q = 2 * 1.25 / (DrumMapping.ClassCount * Steps - 1.25);
        Assert.That(prior.Posterior(0, 0), Is.EqualTo(1f), "always played: any hit there is real");
        Assert.That(prior.Posterior(1, 8), Is.EqualTo((float)(0.25 / (0.25 + 0.75 * q))).Within(1e-6f));
        Assert.That(prior.Posterior(1, 9), Is.Zero, "never played: a hit there is noise");
        Assert.That(prior.Steps, Is.EqualTo(Steps));
    }

    [Test]
    public void UnderDropsASilentCellIsWeighedByHowOftenItIsPlayedAgainstTheShareOfHitsDropped()
    {
        var prior = KickAndSometimesSnare(rate: 2, drop: 0.3);

        double q = 2 * 1.25 / (DrumMapping.ClassCount * Steps - 1.25);
        Assert.That(prior.Posterior(1, 8), Is.EqualTo((float)(0.25 * 0.7 / (0.25 * 0.7 + 0.75 * q))).Within(1e-6f),
            "a hit is less sure to be real when fewer real hits survive");
        Assert.That(prior.SilencePosterior(0, 0), Is.EqualTo(1f), "always played: a silence there was a drop");
        Assert.That(prior.SilencePosterior(1, 8),
            Is.EqualTo((float)(0.25 * 0.3 / (0.25 * 0.3 + 0.75 * (1 - q)))).Within(1e-6f));
        Assert.That(prior.SilencePosterior(1, 9), Is.Zero, "never played: nothing there to drop");
        Assert.That(prior.PosteriorOf(false, 0, 0), Is.EqualTo(prior.SilencePosterior(0, 0)));
        Assert.That(prior.PosteriorOf(true, 1, 8), Is.EqualTo(prior.Posterior(1, 8)));

        var dropsOnly = KickAndSometimesSnare(rate: 0, drop: 0.3);
        Assert.That(dropsOnly.Posterior(1, 9), Is.EqualTo(1f), "no extra hits: any hit was played");
        Assert.That(KickAndSometimesSnare(rate: 2).SilencePosterior(0, 0), Is.Zero,
            "nothing dropped: a silence is one");

        var decoded = new float[GrooveGrid.Channels * Steps];
        prior.BlendInto(decoded, new float[decoded.Length], Steps, 0);
        Assert.That(decoded[0], Is.EqualTo(0.5f), "an unlit code and a sure drop: half each");
    }

    [Test]
    public void ABlendReadsTheBarStepOfEachWindowStepAndKeepsTheVelocityAndOffsetRows()
    {
        var prior = KickAndSometimesSnare(rate: 1);
        const int window = 8;
        var noisy = new float[GrooveGrid.Channels * window];
        var decoded = new float[noisy.Length];
        // the window is steps 24..31 of a piece of 16-step bars: its step 0 is the bar's step 8
        noisy[0] = 1; // kick at bar step 8: never played there
        noisy[window] = 1; // snare at bar step 8: played one bar in four
        noisy[window + 1] = 1; // snare at bar step 9: never played
        decoded[window] = 1.7f; // lit above 1: clamped
        decoded[window + 1] = 1;
        decoded[2] = 0.6f; // a lit cell where the noisy window has no hit
        decoded[GrooveGrid.VelocityChannel * window] = 0.8f;

        prior.BlendInto(decoded, noisy, window, firstStep: 24);

        Assert.That(decoded[0], Is.Zero, "dark in the code and never played at that step");
        Assert.That(decoded[window], Is.EqualTo(0.5f + 0.5f * prior.Posterior(1, 8)));
        Assert.That(decoded[window + 1], Is.EqualTo(0.5f), "lit, but never played there: at the threshold, not above");
        Assert.That(decoded[2], Is.EqualTo(0.3f), "no noisy hit: the posterior counts as 0");
        Assert.That(decoded[GrooveGrid.VelocityChannel * window], Is.EqualTo(0.8f), "velocities are the code's");
    }

    [TestCase(0.0, 0.0, 0.0)]
    [TestCase(10.5, 0.5, 0.0)]
    [TestCase(double.NaN, 0.5, 0.0)]
    [TestCase(1.0, 0.0, 0.0)]
    [TestCase(0.0, 0.0, 0.95)]
    [TestCase(0.0, 0.0, double.NaN)]
    public void NoiseOutsideTheInjectionsRangeOrNoNoiseAtAllIsRefused(double rate, double chance, double drop)
    {
        var rates = new CellHitRates(new float[Size].Select((_, i) => i == 0 ? 1f : 0f).ToArray(), 1, Steps);
        Assert.That(() => new CellPrior(rates, new NoiseEstimate(rate, chance, drop)),
            Throws.ArgumentException.With.Message.Contains("the prior needs noise"));
    }

    [Test]
    public void BarsWithoutHitsOrOfTheWrongSizeAreRefused()
    {
        Assert.That(() => new CellPrior(new float[2 * Size], 2, Steps, new HitNoise(1)),
            Throws.ArgumentException.With.Message.Contains("no hits"));
        Assert.That(() => new CellPrior(new float[2 * Size - 1], 2, Steps, new HitNoise(1)),
            Throws.ArgumentException.With.Message.Contains("are not 2 Groove bars of [27, 16]"));
        var prior = KickAndSometimesSnare(rate: 1);
        Assert.That(() => prior.BlendInto(new float[Size], new float[Size - 1], Steps, 0),
            Throws.ArgumentException);
        Assert.That(() => prior.BlendInto(new float[Size], new float[Size], Steps, -16), Throws.ArgumentException);
    }
}
