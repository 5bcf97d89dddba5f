using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Tests.Training.Evaluation;

public class PairedF1BootstrapTests
{
    // F1 of summed counts written out, independent of PooledF1
    private static double F1(IEnumerable<(int Tp, int Fp, int Fn)> items)
    {
        double tp = items.Sum(i => i.Tp), fp = items.Sum(i => i.Fp), fn = items.Sum(i => i.Fn);
        return 2 * tp / (2 * tp + fp + fn);
    }

    private static PooledF1 Tally(IEnumerable<(int Tp, int Fp, int Fn)> items)
    {
        var tally = new PooledF1();
        foreach (var (tp, fp, fn) in items) tally.Add(tp, fp, fn);
        return tally;
    }

    private static (int Tp, int Fp, int Fn)[] RandomItems(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (random.Next(5, 30), random.Next(0, 6), random.Next(0, 6)))];
    }

    [Test]
    public void RecoversAKnownDifferenceOfPooledF1()
    {
        var better = RandomItems(120, seed: 3);
        var worse = better.Select(i => (i.Tp, i.Fp + 2, i.Fn)).ToArray();   // two false hits more in every bar
        int[] files = [.. Enumerable.Range(0, 120).Select(i => i / 3)];

        var paired = PairedF1Bootstrap.Run(Tally(better), Tally(worse), files);

        double expected = F1(better) - F1(worse);
        Assert.That(expected, Is.GreaterThan(0.02), "the setup must make a visible difference");
        Assert.That(paired.Difference, Is.EqualTo(expected).Within(1e-12));
        Assert.That(expected, Is.InRange(paired.Low, paired.High));
        Assert.That(paired.Low, Is.GreaterThan(0), "worse in every file: the whole interval is above 0");
        Assert.That((paired.Groups, paired.Resamples), Is.EqualTo((40, PairedF1Bootstrap.DefaultResamples)));
    }

    [Test]
    public void IdenticalMethodsGiveZeroWithAnIntervalOfZeroWidth()
    {
        var items = RandomItems(60, seed: 4);
        int[] files = [.. Enumerable.Range(0, 60).Select(i => i / 4)];

        var paired = PairedF1Bootstrap.Run(Tally(items), Tally(items), files);

        Assert.That((paired.Difference, paired.Low, paired.High), Is.EqualTo((0.0, 0.0, 0.0)));
    }

    [Test]
    public void ResamplesWholeFilesNotBars()
    {
        var a = RandomItems(50, seed: 5);
        var b = RandomItems(50, seed: 6);
        int[] oneFile = new int[50];
        int[] barPerFile = [.. Enumerable.Range(0, 50)];

        var whole = PairedF1Bootstrap.Run(Tally(a), Tally(b), oneFile);
        var split = PairedF1Bootstrap.Run(Tally(a), Tally(b), barPerFile);

        Assert.That((whole.Low, whole.High), Is.EqualTo((whole.Difference, whole.Difference)),
            "one file: every resample draws all of its bars together, so nothing varies");
        Assert.That(whole.Groups, Is.EqualTo(1));
        Assert.That(split.High - split.Low, Is.GreaterThan(0.01), "the same bars as 50 files do vary");
    }

    [Test]
    public void RefusesUnpairedTalliesAndGapsInTheFiles()
    {
        var items = RandomItems(6, seed: 7);
        Assert.That(() => PairedF1Bootstrap.Run(Tally(items), Tally(items.Take(5)), new int[6]),
            Throws.ArgumentException.With.Message.Contains("same items"));
        Assert.That(() => PairedF1Bootstrap.Run(Tally(items), Tally(items), [0, 0, 2, 2, 3, 3]),
            Throws.ArgumentException.With.Message.Contains("no group left empty"));
    }
}
