using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using TcnWtaNative.Training.Evaluation.RateDistortion.Denoising;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Denoising;

/// <summary>
/// The denoising study's parts: noisy copies of bars, the noisy floor and the cell prior, and the study scoring what
/// the methods make of the noisy bars against the clean ones.
/// </summary>
public class DenoisingStudyTests
{
    private const int Steps = 16, Size = 27 * Steps, HitCells = 9 * Steps;

    private static Bars RandomBars(string split, int count, int seed)
        => new(split, RandomGrooveGrids.Draw(new Random(seed), count, Steps, 0.15), count, 27, Steps);

    private static int HitsOf(Bars bars, int bar)
        => Enumerable.Range(0, HitCells).Count(cell => bars.Values[bar * Size + cell] > 0.5f);

    [Test]
    public void NoisyBarsKeepEveryHitAndAddRateTimesAsManyOnEmptyCellsOfTheSameBar()
    {
        var clean = RandomBars("test", 40, seed: 3);
        var before = (float[])clean.Values.Clone();

        var noisy = NoisyBars.Of(clean, new HitNoise(1.5), seed: 7);

        Assert.That(clean.Values, Is.EqualTo(before), "the clean bars are left as they were");
        for (int bar = 0; bar < clean.Count; bar++)
        {
            int hits = HitsOf(clean, bar);
            Assert.That(HitsOf(noisy, bar), Is.EqualTo(hits + (int)Math.Round(1.5 * hits)), $"bar {bar}");
            for (int cell = 0; cell < Size; cell++)
                if (clean.Values[bar * Size + cell] > 0.5f && cell < HitCells)
                    Assert.That(noisy.Values[bar * Size + cell], Is.EqualTo(1f), "a real hit stays");
        }
        Assert.That(NoisyBars.Of(clean, new HitNoise(1.5), 7).Values, Is.EqualTo(noisy.Values), "seeded");
        Assert.That(NoisyBars.Of(clean, new HitNoise(1.5), 8).Values, Is.Not.EqualTo(noisy.Values));
    }

    [Test]
    public void TheStudyScoresTheNoisyInputAgainstTheCleanBars()
    {
        var (validation, scored) = (RandomBars("validation", 30, 1), RandomBars("test", 50, 2));
        var noisyScored = NoisyBars.Of(scored, new HitNoise(1), 4);

        var row = RateDistortionStudy.Run([new NoisyInputCoder()], [1, 4], validation, scored,
            NoisyBars.Of(validation, new HitNoise(1), 3), noisyScored).Last();

        int real = Enumerable.Range(0, scored.Count).Sum(bar => HitsOf(scored, bar));
        int added = Enumerable.Range(0, scored.Count).Sum(bar => HitsOf(noisyScored, bar)) - real;
        Assert.That(row.NonzerosPerBar, Is.EqualTo(4), "the floor stands at every budget");
        Assert.That(row.HitRecall, Is.EqualTo(1), "every real hit is in the noisy bars");
        Assert.That(row.HitPrecision, Is.EqualTo(real / (double)(real + added)).Within(1e-12),
            "scored against the noisy bars themselves it would be 1");
        Assert.That(() => RateDistortionStudy.Run([new NoisyInputCoder()], [1], validation, scored,
            validation, RandomBars("test", 49, 2)), Throws.ArgumentException);
    }

    // training bars: the kick on step 0 always, the snare on step 4 in a quarter of the bars, nothing else
    private static CellPriorCoder KickAndSometimesSnare(double rate)
    {
        var train = new float[8 * Size];
        for (int bar = 0; bar < 8; bar++)
        {
            train[bar * Size] = 1;
            if (bar % 4 == 0) train[bar * Size + Steps + 4] = 1;
        }
        return new CellPriorCoder(new Bars("train", train, 8, 27, Steps), new HitNoise(rate));
    }

    // a code that lights a fixed set of hit cells of every bar at 1.5 and writes 0.25 on every other row
    private sealed class Lights(params int[] cells) : IBarCoder
    {
        public string Method => "lights";
        public int AtomsAt(int nonzerosPerBar) => 3;
        public bool Supports(int nonzerosPerBar) => nonzerosPerBar == 2;
        public string BudgetMeaning(int nonzerosPerBar) => "fixed cells";

        public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
        {
            var output = new float[bars.Length];
            for (int i = 0; i < count; i++)
                for (int at = 0; at < Size; at++)
                    output[i * Size + at] = at < HitCells ? (cells.Contains(at) ? 1.5f : 0) : 0.25f;
            return output;
        }
    }

    [Test]
    public void APriorBlendAveragesTheCodesHitsWithThePosteriorAndKeepsTheCodesOtherRows()
    {
        var prior = KickAndSometimesSnare(rate: 2);
        var code = new Lights(0, 2 * Steps + 9);
        var noisy = new float[2 * Size];
        (noisy[0], noisy[Steps + 4], noisy[Size], noisy[Size + 2 * Steps + 9]) = (1, 1, 1, 1);

        var blend = new PriorBlendCoder(code, prior.Prior);
        var blended = blend.Reconstruct(noisy, 2, 2);

        var posterior = prior.Reconstruct(noisy, 2, 2);
        Assert.That((blend.Method, blend.AtomsAt(2), blend.Supports(2), blend.Supports(4)),
            Is.EqualTo(("lights+prior", 3, true, false)));
        Assert.That(blended[0], Is.EqualTo(1f), "lit (clamped to 1) and always played: kept at any threshold");
        Assert.That(blended[Steps + 4], Is.EqualTo(0.5f * posterior[Steps + 4]), "dark in the code: half the posterior");
        Assert.That(blended[Size + 2 * Steps + 9], Is.EqualTo(0.5f), "lit, but never played there in training");
        Assert.That(blended[HitCells], Is.EqualTo(0.25f), "velocity rows stay the code's");
    }

    [Test]
    public void TheCellPriorKeepsAHitByItsCellsTrainingRateAgainstTheNoisesRate()
    {
        var prior = KickAndSometimesSnare(rate: 2);
        var noisy = new float[Size];
        (noisy[0], noisy[Steps + 4], noisy[2 * Steps + 9], noisy[9 * Steps + 2 * Steps + 9]) = (1, 1, 1, 0.7f);

        var kept = prior.Reconstruct(noisy, 1, 1);

        // 1.25 hits a bar over 142.75 empty cells, twice over: q = 2.5 / 142.75
        double q = 2.5 / (HitCells - 1.25), snare = 0.25 / (0.25 + 0.75 * q);
        Assert.That(kept[0], Is.EqualTo(1f), "a cell played in every training bar is surely real");
        Assert.That(kept[Steps + 4], Is.EqualTo((float)snare).Within(1e-6));
        Assert.That(kept[2 * Steps + 9], Is.EqualTo(0f), "a cell never played in training is noise");
        Assert.That(kept[Steps + 5], Is.EqualTo(0f), "no hit, nothing kept");
        Assert.That(kept[9 * Steps + 2 * Steps + 9], Is.EqualTo(0.7f), "velocities pass through");
        Assert.That(prior.Reconstruct(noisy, 1, 8), Is.EqualTo(kept), "no code, so the same at every budget");
    }
}
