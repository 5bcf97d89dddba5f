using TcnWtaNative.Training.Evaluation.Generation;
using static TcnWtaNative.Tests.Training.Evaluation.Generation.BarMaker;

namespace TcnWtaNative.Tests.Training.Evaluation.Generation;

public class GenerationScoreTests
{
    [Test]
    public void RealismLooksFromTheGeneratedBarsAndCoverageFromTheRealOnes()
    {
        (int, int)[] rock = [(0, 0), (1, 4), (2, 2)], fill = [(4, 0), (4, 1), (5, 2), (5, 3)];
        var generated = HitPatterns.Of(Bars(rock, rock), 2, Steps);
        var heldOut = HitPatterns.Of(Bars(rock, fill), 2, Steps);
        var train = HitPatterns.Of(Bars(rock), 1, Steps);

        var row = GenerationScore.Score("copies", "rock twice", 1, generated, heldOut, train);

        Assert.That(row.Realism, Is.EqualTo(1), "every generated bar is some held-out bar");
        Assert.That(row.Coverage, Is.EqualTo(0.5), "the fill is like no generated bar");
        Assert.That((row.NearestTrainF1, row.Copied), Is.EqualTo((1.0, 1.0)), "both are the training bar's hits");
        Assert.That((row.HitsPerBar, row.HeldOutHitsPerBar), Is.EqualTo((3.0, 3.5)));
        Assert.That((row.CoverageLow, row.CoverageHigh), Is.EqualTo(((double?)0.0, (double?)1.0)),
            "resampling F1s of 1 and 0 gives means of 0, 0.5 and 1, and never one outside them");
        Assert.That((row.RealismLow, row.RealismHigh), Is.EqualTo(((double?)1.0, (double?)1.0)),
            "no spread, no width");
    }

    [Test]
    public void OneSectionHasNoIntervalAndManyStayWithinZeroAndOne()
    {
        (int, int)[] rock = [(0, 0), (1, 4), (2, 2)], fill = [(4, 0), (4, 1), (5, 2), (5, 3)];
        var one = HitPatterns.Of(Bars(rock), 1, Steps);
        var mixed = HitPatterns.Of(Bars(rock, fill, fill, fill, fill), 5, Steps);

        var single = GenerationScore.Score("g", "m", 1, one, mixed, mixed);
        var skewed = GenerationScore.Score("g", "m", 1, mixed, one, one);

        Assert.That((single.RealismLow, single.RealismHigh), Is.EqualTo(((double?)null, (double?)null)),
            "one generated section gives a mean but no interval, rather than one of no width");
        Assert.That(single.CoverageLow, Is.Not.Null, "five held-out sections do give one");
        Assert.That(skewed.Realism, Is.EqualTo(0.2), "one of the five generated sections is the held-out one");
        Assert.That(skewed.RealismLow, Is.GreaterThanOrEqualTo(0.0), "a normal interval would reach below 0");
        Assert.That(skewed.RealismHigh, Is.InRange(0.2, 1.0));
    }

    [Test]
    public void CopiesCountOnlyWholeBars()
    {
        var generated = HitPatterns.Of(Bars([(0, 0), (1, 4)], [(0, 0)]), 2, Steps);
        var train = HitPatterns.Of(Bars([(0, 0), (1, 4), (2, 2)], [(0, 0)]), 2, Steps);

        var row = GenerationScore.Score("g", "m", 1, generated, train, train);

        Assert.That(row.Copied, Is.EqualTo(0.5), "the second bar is a training bar, the first only a part of one");
        Assert.That(row.NearestTrainF1, Is.EqualTo((0.8 + 1) / 2).Within(1e-12));
    }

    [Test]
    public void HitsAreCountedPerBarOfTheSection()
    {
        const int sectionSteps = 2 * Steps;
        var section = new float[27 * sectionSteps];
        foreach (int cell in new[] { 0, 20, 2 * sectionSteps + 2, 3 * sectionSteps + 31 }) section[cell] = 1f;
        var twoBars = HitPatterns.Of(section, 1, sectionSteps);

        var row = GenerationScore.Score("g", "m", 2, twoBars, twoBars, twoBars);

        Assert.That((row.SectionBars, row.HitsPerBar, row.HeldOutHitsPerBar), Is.EqualTo((2, 2.0, 2.0)),
            "four hits over two bars");
    }

    [Test]
    public void NothingToScoreIsRefused()
    {
        var none = HitPatterns.Of([], 0, Steps);
        var one = HitPatterns.Of(Bars([(0, 0)]), 1, Steps);
        Assert.That(() => GenerationScore.Score("g", "m", 1, none, one, one), Throws.ArgumentException);
    }
}
