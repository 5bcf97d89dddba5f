using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

public class AccuracyIntervalTests
{
    // By hand with z = 1.96 from centre (p + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·sqrt(p(1-p)/n + z²/4n²):
    // 8/10: z²/n = 0.38416, centre 0.99208 / 1.38416 = 0.716738, half 1.416021 · sqrt(0.025604) = 0.226581.
    // 0/10: centre 0.19208 / 1.38416 = 0.138770 = half, so [0, 0.277540].
    // 50/100: z²/n = 0.038416, centre 0.5, half 1.887490 · sqrt(0.0025 + 0.00009604) = 1.887490 · 0.050951 =
    // 0.096170.
    [TestCase(8, 10, 0.490157, 0.943319)]
    [TestCase(0, 10, 0.0, 0.277540)]
    [TestCase(10, 10, 0.722460, 1.0)]
    [TestCase(50, 100, 0.403830, 0.596170)]
    public void WilsonIntervalMatchesTheFormulaByHand(int correct, int total, double lower, double upper)
    {
        var interval = AccuracyInterval.Wilson(correct, total, z: 1.96);

        Assert.That(interval.Lower, Is.EqualTo(lower).Within(2e-6));
        Assert.That(interval.Upper, Is.EqualTo(upper).Within(2e-6));
        Assert.That(interval.Accuracy, Is.EqualTo((double)correct / total));
    }

    [Test]
    public void ScoreCountsMatchesAndMajorityClassIsChance()
    {
        var score = AccuracyInterval.Score(["a", "b", "b", "c"], ["a", "b", "c", "c"]);
        var chance = AccuracyInterval.MajorityClass(["x", "y", "y"], ["y", "x", "y", "z"]);

        Assert.That((score.Correct, score.Total), Is.EqualTo((3, 4)));
        Assert.That((chance.Correct, chance.Total), Is.EqualTo((2, 4)), "always 'y', the most common training label");
    }

    [Test]
    public void ImpossibleCountsAreClearErrors()
    {
        Assert.That(() => AccuracyInterval.Wilson(0, 0),
            Throws.ArgumentException.With.Message.Contains("at least one"));
        Assert.That(() => AccuracyInterval.Wilson(5, 4), Throws.ArgumentException.With.Message.Contains("impossible"));
    }
}
