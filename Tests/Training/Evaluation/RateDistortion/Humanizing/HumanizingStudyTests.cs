using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using TcnWtaNative.Training.Evaluation.RateDistortion.Denoising;
using TcnWtaNative.Training.Evaluation.RateDistortion.Humanizing;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Humanizing;

/// <summary>
/// The humanizing study's parts: the training hits' cell means, a coder's bars played at exactly the input's hits, and
/// the study scoring velocities and offsets against the bars as played, with a paired comparison to the model.
/// </summary>
public class HumanizingStudyTests
{
    private const int Steps = 4, Size = 27 * Steps, Velocity = 9 * Steps, Offset = 18 * Steps;

    // a bar [27, 4] with the given (cell, velocity, offset) hits
    private static float[] Bar(params (int Cell, float Velocity, float Offset)[] hits)
    {
        var bar = new float[Size];
        foreach (var (cell, velocity, offset) in hits)
            (bar[cell], bar[Velocity + cell], bar[Offset + cell]) = (1, velocity, offset);
        return bar;
    }

    private static Bars Stack(string split, params float[][] bars)
        => new(split, [.. bars.SelectMany(b => b)], bars.Length, 27, Steps);

    [Test]
    public void CellMeansPlayEachHitAtItsCellsTrainingMeanOrItsDrumsWhereTheCellNeverPlayed()
    {
        // the kick (drum 0) on step 0 at 0.4 and 0.8 (offsets 0.2 and 0), on step 2 at 0.6 (offset -0.4)
        var train = Stack("train", Bar((0, 0.4f, 0.2f), (2, 0.6f, -0.4f)), Bar((0, 0.8f, 0f)));
        var coder = new CellMeanCoder(train);

        // the kick on steps 0 and 3 (a cell training never played), the snare (drum 1) on step 1 (a silent drum)
        var played = coder.Reconstruct(Bar((0, 0.1f, 0.5f), (3, 0.1f, 0.5f), (Steps + 1, 0.1f, 0.5f)), 1, 2);

        Assert.That((played[0], played[Velocity], played[Offset]), Is.EqualTo((1f, 0.6f, 0.1f)).Using(Close));
        Assert.That((played[3], played[Velocity + 3], played[Offset + 3]),
            Is.EqualTo((1f, 0.6f, -0.2f / 3)).Using(Close), "the kick's mean over its three training hits");
        Assert.That((played[Steps + 1], played[Velocity + Steps + 1]), Is.EqualTo((1f, 0f)),
            "a drum training never played: the hit stays, at velocity 0");
        Assert.That(Enumerable.Range(0, 9 * Steps).Count(cell => played[cell] > 0.5f), Is.EqualTo(3),
            "exactly the input's hits");
    }

    private static readonly IEqualityComparer<(float, float, float)> Close = EqualityComparer<(float, float, float)>
        .Create((a, b) => Math.Abs(a.Item1 - b.Item1) < 1e-6 && Math.Abs(a.Item2 - b.Item2) < 1e-6
            && Math.Abs(a.Item3 - b.Item3) < 1e-6, _ => 0);

    // a code that decodes every bar to the same grid: each hit cell 0.5, velocity 0.35, offset 0.1
    private sealed class HalfLit : IBarCoder
    {
        public string Method => "model";
        public int AtomsAt(int nonzerosPerBar) => 1;
        public bool Supports(int nonzerosPerBar) => true;
        public string BudgetMeaning(int nonzerosPerBar) => "half lit";

        public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
        {
            var decoded = new float[bars.Length];
            for (int i = 0; i < count; i++)
                for (int cell = 0; cell < 9 * Steps; cell++)
                    (decoded[i * Size + cell], decoded[i * Size + Velocity + cell], decoded[i * Size + Offset + cell])
                        = (0.5f, 0.35f, 0.1f);
            return decoded;
        }
    }

    [Test]
    public void TheStudyScoresHumanizedBarsAgainstTheBarsAsPlayedAndPairsTheBaselinesWithTheModel()
    {
        // every bar: the kick on step 0 played at 0.7, offset 0.2 (0.1 of a 16th)
        var bars = Stack("test", Bar((0, 0.7f, 0.2f)), Bar((0, 0.7f, 0.2f)), Bar((0, 0.7f, 0.2f)));
        var quantized = NoisyBars.Of(bars, new HitNoise(0, 0, true), seed: 1);

        var rows = RateDistortionStudy.Run(
            [new HumanizedBarCoder(new HalfLit()), new HumanizedBarCoder(new NoisyInputCoder())], [2], bars, bars,
            quantized, quantized, comparePlayed: true);

        var (model, floor) = (rows[0], rows[1]);
        Assert.That(model.HitF1, Is.EqualTo(1), "the humanized bars play exactly the input's hits");
        Assert.That(model.VelocityMae, Is.EqualTo(0).Within(1e-6), "0.35 over a hit of 0.5 plays 0.7");
        Assert.That(model.OffsetMaeSteps, Is.EqualTo(0).Within(1e-6), "0.1 over 0.5 is the offset 0.2");
        Assert.That(floor.VelocityMae, Is.EqualTo(100 / 127.0 - 0.7).Within(1e-6), "the quantized velocity 100");
        Assert.That(floor.OffsetMaeSteps, Is.EqualTo(0.1).Within(1e-6), "on the grid: the offset lost");
        Assert.That(floor.VelocityMaeHigh - floor.VelocityMaeLow, Is.EqualTo(0).Within(1e-9),
            "bars alike: no spread to resample");
        Assert.That(floor.VelocityMaeLow, Is.EqualTo(floor.VelocityMae).Within(1e-9));
        var comparison = floor.PlayedComparison!;
        Assert.That(comparison.Model, Is.EqualTo("model"));
        Assert.That(comparison.VelocityDifference, Is.EqualTo(-floor.VelocityMae).Within(1e-6));
        Assert.That(comparison.OffsetDifference, Is.EqualTo(-0.1).Within(1e-6));
        Assert.That(comparison.Files, Is.EqualTo(3));
        Assert.That(model.PlayedComparison, Is.Null, "the model's rows are not compared with themselves");
    }
}
