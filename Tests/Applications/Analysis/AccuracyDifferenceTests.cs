using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>The paired accuracy difference and the exact McNemar test against small cases worked by hand.</summary>
public class AccuracyDifferenceTests
{
    private static bool[] Outcomes(string pattern) => [.. pattern.Select(c => c == '1')];

    [Test]
    public void AllConcordantPiecesDifferByNothingWithCertainty()
    {
        var same = Outcomes("1101001110");

        var paired = AccuracyDifference.Paired(same, same);

        Assert.That((paired.Difference, paired.Low, paired.High), Is.EqualTo((0.0, 0.0, 0.0)));
        Assert.That((paired.OnlyFirstCorrect, paired.OnlySecondCorrect, paired.McNemarP), Is.EqualTo((0, 0, 1.0)));
        Assert.That(paired.Resamples, Is.EqualTo(AccuracyDifference.DefaultResamples));
    }

    [Test]
    public void PiecesOnlyTheFirstGetsRightAreAKnownBinomialTail()
    {
        // 10 pieces, the first right on all, the second on none: every resample differs by 1; p = 2 · 2^-10
        var paired = AccuracyDifference.Paired(Outcomes("1111111111"), Outcomes("0000000000"));

        Assert.That((paired.Difference, paired.Low, paired.High), Is.EqualTo((1.0, 1.0, 1.0)));
        Assert.That((paired.OnlyFirstCorrect, paired.OnlySecondCorrect), Is.EqualTo((10, 0)));
        Assert.That(paired.McNemarP, Is.EqualTo(2.0 / 1024).Within(1e-15));
    }

    [Test]
    public void TheIntervalHoldsTheDifferenceAndSwappingNegatesIt()
    {
        // 40 pieces: both right on 20, only the first on 12, only the second on 4, neither on 4
        var first = Outcomes(new string('1', 32) + new string('0', 8));
        var second = Outcomes(new string('1', 20) + new string('0', 12) + "1111" + "0000");

        var paired = AccuracyDifference.Paired(first, second);
        var swapped = AccuracyDifference.Paired(second, first);

        Assert.That(paired.Difference, Is.EqualTo(8 / 40.0).Within(1e-15));
        Assert.That(paired.Low, Is.LessThan(paired.Difference).And.GreaterThan(-0.1));
        Assert.That(paired.High, Is.GreaterThan(paired.Difference).And.LessThan(0.5));
        Assert.That((paired.OnlyFirstCorrect, paired.OnlySecondCorrect), Is.EqualTo((12, 4)));
        Assert.That(swapped.Difference, Is.EqualTo(-paired.Difference));
        Assert.That(swapped.McNemarP, Is.EqualTo(paired.McNemarP));
        Assert.That(AccuracyDifference.Paired(first, second), Is.EqualTo(paired), "seeded: the same interval again");
    }

    [Test]
    public void McNemarMatchesBinomialTailsWorkedByHand()
    {
        // 7 against 14 of 21: C(21, 0..7) = 1, 21, 210, 1330, 5985, 20349, 54264, 116280, summing to 198,440
        Assert.That(McNemarTest.ExactPValue(7, 14), Is.EqualTo(2 * 198440 / 2097152.0).Within(1e-15));
        Assert.That(McNemarTest.ExactPValue(14, 7), Is.EqualTo(McNemarTest.ExactPValue(7, 14)));
        Assert.That(McNemarTest.ExactPValue(0, 5), Is.EqualTo(2 / 32.0).Within(1e-15));
        Assert.That(McNemarTest.ExactPValue(5, 5), Is.EqualTo(1.0), "2 · P(X ≤ 5) exceeds 1 for n = 10");
        Assert.That(McNemarTest.ExactPValue(0, 0), Is.EqualTo(1.0));
        Assert.That(McNemarTest.ExactPValue(0, 2000), Is.EqualTo(0.0), "2^-2000 underflows to 0, not NaN");
        Assert.That(McNemarTest.ExactPValue(900, 1100), Is.GreaterThan(1e-6).And.LessThan(1e-4));
    }

    [Test]
    public void UnpairedOrNegativeInputsAreClearErrors()
    {
        Assert.That(() => AccuracyDifference.Paired(Outcomes("101"), Outcomes("10")),
            Throws.ArgumentException.With.Message.Contains("needs the same pieces"));
        Assert.That(() => McNemarTest.ExactPValue(-1, 3),
            Throws.ArgumentException.With.Message.Contains("must not be negative"));
    }
}
