using TcnWtaNative.Training.Evaluation;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion;

public class RateDistortionStudyTests
{
    // a method that returns every bar scaled by a fixed factor, at budgets 1 and 2 only
    private sealed class Scaled(float factor) : IBarCoder
    {
        public string Method => "scaled";
        public int AtomsAt(int nonzerosPerBar) => 7;
        public bool Supports(int nonzerosPerBar) => nonzerosPerBar <= 2;
        public string BudgetMeaning(int nonzerosPerBar) => "all of it";
        public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar) => [.. bars.Select(v => v * factor)];
    }

    private static Bars OneHitPerBar(string split, int count)
    {
        var values = new float[count * 27 * 16];
        for (int i = 0; i < count; i++) values[i * 27 * 16 + i % 16] = 1;   // kick on step i mod 16
        return new Bars(split, values, count, 27, 16);
    }

    [Test]
    public void TunesTheThresholdOnValidationAndKeepsTheFixedOneBeside()
    {
        var rows = RateDistortionStudy.Run([new Scaled(0.4f)], [1, 2, 4], OneHitPerBar("validation", 20), OneHitPerBar("test", 30));

        Assert.That(rows.Select(r => r.NonzerosPerBar), Is.EqualTo(new[] { 1, 2 }), "budget 4 is not supported and left out");
        var row = rows[0];
        Assert.That(row.HitF1, Is.EqualTo(0), "0.4 is below the fixed 0.5 threshold: every hit is missed");
        Assert.That(row.TunedThreshold, Is.LessThan(0.4), "validation picks a threshold below the scaled hits");
        Assert.That(row.TunedHitF1, Is.EqualTo(1).Within(1e-12));
        Assert.That((row.Method, row.Atoms, row.Sections, row.Split), Is.EqualTo(("scaled", 7, 30, "test")));
        Assert.That(row.Mse, Is.EqualTo(0.36 / (27 * 16)).Within(1e-9));
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
}
