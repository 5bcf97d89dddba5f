using TcnWtaNative.Training.Evaluation;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion;

public class RateDistortionStudyTests
{
    // a method that returns every bar scaled by a fixed factor, at budgets up to largestBudget only
    private sealed class Scaled(float factor, string method = "scaled", int largestBudget = 2) : IBarCoder
    {
        public string Method => method;
        public int AtomsAt(int nonzerosPerBar) => 7;
        public bool Supports(int nonzerosPerBar) => nonzerosPerBar <= largestBudget;
        public string BudgetMeaning(int nonzerosPerBar) => "all of it";
        public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar) => [.. bars.Select(v => v * factor)];
    }

    private static Bars OneHitPerBar(string split, int count, int[]? files = null)
    {
        var values = new float[count * 27 * 16];
        for (int i = 0; i < count; i++) values[i * 27 * 16 + i % 16] = 1;   // kick on step i mod 16
        return new Bars(split, values, count, 27, 16, files);
    }

    [Test]
    public void TunesTheThresholdOnValidationAndKeepsTheFixedOneBeside()
    {
        var rows = RateDistortionStudy.Run([new Scaled(0.4f), new Scaled(1f, "wider", largestBudget: 4)], [1, 2, 4],
            OneHitPerBar("validation", 20), OneHitPerBar("test", 30));

        Assert.That(rows.Where(r => r.Method == "scaled").Select(r => r.NonzerosPerBar), Is.EqualTo(new[] { 1, 2 }),
            "budget 4 is not supported by this method and left out of its rows");
        Assert.That(rows.Where(r => r.Method == "wider").Select(r => r.NonzerosPerBar),
            Is.EqualTo(new[] { 1, 2, 4 }));
        var row = rows[0];
        Assert.That(row.HitF1, Is.EqualTo(0), "0.4 is below the fixed 0.5 threshold: every hit is missed");
        Assert.That(row.TunedThreshold, Is.LessThan(0.4), "validation picks a threshold below the scaled hits");
        Assert.That(row.TunedHitF1, Is.EqualTo(1).Within(1e-12));
        Assert.That((row.Method, row.Atoms, row.Sections, row.Split), Is.EqualTo(("scaled", 7, 30, "test")));
        Assert.That(row.Mse, Is.EqualTo(0.36 / (27 * 16)).Within(1e-9));
    }

    [Test]
    public void ABudgetNoMethodSpendsIsRefusedWithTheLargestOneThatIs()
    {
        Assert.That(() => RateDistortionStudy.Run([new Scaled(0.4f), new Scaled(1f, "wider", largestBudget: 4)],
                [1, 2001, 4, 9], OneHitPerBar("validation", 4), OneHitPerBar("test", 4)),
            Throws.ArgumentException.With.Message.EqualTo(
                "no method here spends exactly 2001 or 9 non-zeros per bar; the largest any spends is 4"));
    }

    [Test]
    public void TheF1IntervalCoversTheEstimateAndNarrowsWithMoreBars()
    {
        var random = new Random(5);
        GrooveHitMetrics Metrics(int bars)
        {
            var metrics = new GrooveHitMetrics();
            for (int i = 0; i < bars; i++)
            {
                var input = new float[27 * 4];
                var output = new float[27 * 4];
                for (int j = 0; j < 9 * 4; j++) (input[j], output[j]) = (random.Next(2), random.Next(2));
                metrics.Add(input, output, 4);
            }
            return metrics;
        }
        var few = Metrics(20);
        var many = Metrics(2000);
        var (fewLow, fewHigh) = few.F1Interval();
        var (manyLow, manyHigh) = many.F1Interval();

        Assert.That(few.F1, Is.InRange(fewLow, fewHigh));
        Assert.That(many.F1, Is.InRange(manyLow, manyHigh));
        Assert.That(manyHigh - manyLow, Is.LessThan((fewHigh - fewLow) / 3));
    }

    [Test]
    public void ComparesEachBaselineWithTheModelsBestRowOverFiles()
    {
        IBarCoder[] methods = [new Scaled(0.4f, "model"), new Scaled(1f, "model+gain"), new Scaled(0.4f, "kmeans")];
        int[] files = [.. Enumerable.Range(0, 30).Select(i => i / 5)];

        var rows = RateDistortionStudy.Run(methods, [1], OneHitPerBar("validation", 20),
            OneHitPerBar("test", 30, files));

        Assert.That(rows.Where(r => r.Method.StartsWith("model")).Select(r => r.ModelComparison), Is.All.Null);
        var comparison = rows.Single(r => r.Method == "kmeans").ModelComparison!;
        Assert.That(comparison.Model, Is.EqualTo("model+gain"), "the model row of the highest F1, not the first");
        Assert.That((comparison.Difference, comparison.Low, comparison.High), Is.EqualTo((1.0, 1.0, 1.0)),
            "F1 1 against 0 in every file");
        Assert.That((comparison.Files, comparison.Resamples), Is.EqualTo((6, PairedF1Bootstrap.DefaultResamples)));
    }

    [Test]
    public void LeavesRowsUncomparedWhereNoModelRowSharesTheBudget()
    {
        var rows = RateDistortionStudy.Run([new Scaled(1f, "kmeans")], [1], OneHitPerBar("validation", 4),
            OneHitPerBar("test", 4));

        Assert.That(rows.Single().ModelComparison, Is.Null);
    }
}
