using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Evaluation.Generation;
using static TcnWtaNative.Tests.Training.Evaluation.Generation.BarMaker;

namespace TcnWtaNative.Tests.Training.Evaluation.Generation;

public class HitPatternsTests
{
    private static readonly (int, int)[] NoHits = [];

    [Test]
    public void F1CountsTheSharedHitsOverBothBarsHits()
    {
        var patterns = HitPatterns.Of(Bars([(0, 0), (1, 4)], [(0, 0), (2, 2)], [(0, 0), (1, 4), (2, 2), (2, 6)]), 3,
            Steps);

        Assert.That(patterns.F1(0, patterns, 1), Is.EqualTo(0.5), "one shared hit of 2 + 2: 2 * 1 / 4");
        Assert.That(patterns.F1(0, patterns, 2), Is.EqualTo(2.0 * 2 / 6).Within(1e-12), "two shared of 2 + 4");
        Assert.That(patterns.F1(1, patterns, 1), Is.EqualTo(1));
        Assert.That(Enumerable.Range(0, 3).Select(patterns.HitsOf), Is.EqualTo(new[] { 2, 2, 4 }));
    }

    [Test]
    public void OnlyTheHitRowsCountAndOnlyAboveHalf()
    {
        var bars = Bars([(3, 5)]);
        bars[2 * Steps + 7] = 0.5f;
        bars[(GrooveGrid.OffsetChannel + 4) * Steps + 1] = 0.9f;

        var patterns = HitPatterns.Of(bars, 1, Steps);

        Assert.That(patterns.HitsOf(0), Is.EqualTo(1), "a hit value of 0.5 is no hit, and neither is an offset");
    }

    [Test]
    public void NearestF1TakesTheBestMatchAndTwoEmptyBarsMatch()
    {
        var generated = HitPatterns.Of(Bars([(0, 0), (1, 4)], NoHits), 2, Steps);
        var real = HitPatterns.Of(Bars([(0, 0)], [(0, 0), (1, 4), (2, 2)], [(5, 5)]), 3, Steps);
        var silent = HitPatterns.Of(Bars(NoHits), 1, Steps);

        Assert.That(generated.NearestF1(0, real), Is.EqualTo(0.8).Within(1e-12), "2 * 2 / (2 + 3) beats 2 * 1 / 3");
        Assert.That(generated.NearestF1(1, real), Is.EqualTo(0), "an empty bar shares nothing with a played one");
        Assert.That(generated.NearestF1(1, silent), Is.EqualTo(1), "two empty bars are alike");
    }

    [Test]
    public void ValuesThatAreNotWholeBarsAreRefused()
        => Assert.That(() => HitPatterns.Of(new float[Size + 1], 1, Steps),
            Throws.ArgumentException.With.Message.Contains("are not 1 sections of [27, 16]"));
}
