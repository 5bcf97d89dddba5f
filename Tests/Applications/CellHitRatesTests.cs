using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

/// <summary>Training hit rates, and the noise they read from a piece: none in a clean one, the rate added.</summary>
public class CellHitRatesTests
{
    private const int Steps = 16, Size = GrooveGrid.Channels * Steps, Bars = 32;

    // a rock bar: kick on 0 and 8, snare on 4 and 12, closed hi-hat (class 2) on every even step
    private static float[] RockBars(int count)
    {
        var bars = new float[count * Size];
        for (int bar = 0; bar < count; bar++)
        {
            foreach (int step in new[] { 0, 8 }) bars[bar * Size + step] = 1;
            foreach (int step in new[] { 4, 12 }) bars[bar * Size + Steps + step] = 1;
            for (int step = 0; step < Steps; step += 2) bars[bar * Size + 2 * Steps + step] = 1;
        }
        return bars;
    }

    // bars [count, 27, 16] laid end to end as one 4/4 piece [27, count × 16]
    private static EncodedPiece Piece(float[] bars, int count)
    {
        int length = count * Steps;
        var signal = new float[GrooveGrid.Channels * length];
        for (int bar = 0; bar < count; bar++)
            for (int channel = 0; channel < GrooveGrid.Channels; channel++)
                Array.Copy(bars, bar * Size + channel * Steps, signal, channel * length + bar * Steps, Steps);
        return new EncodedPiece(signal, GrooveGrid.Channels, length, 120, TimeSignature.Default);
    }

    [Test]
    public void RatesAreTheShareOfTrainingBarsWithAHitAtEachCell()
    {
        var bars = RockBars(4);
        bars[2 * Size + Steps + 6] = 1; // one snare ghost note, in bar 2

        var rates = new CellHitRates(bars, 4, Steps);

        Assert.That((rates.Rate(0, 0), rates.Rate(1, 6), rates.Rate(1, 5), rates.Rate(2, 14)),
            Is.EqualTo((1.0, 0.25, 0.0, 1.0)));
        Assert.That((rates.MeanHits, rates.TrainingBars, rates.Steps), Is.EqualTo((12.25, 4, Steps)));
        Assert.That(rates.EmptyCellChance(2), Is.EqualTo(2 * 12.25 / (9 * Steps - 12.25)).Within(1e-12));
    }

    [Test]
    public void APieceLikeTheTrainingBarsShowsNoNoise()
    {
        var rates = new CellHitRates(RockBars(Bars), Bars, Steps);

        var estimate = rates.EstimateNoise(new DenseSignalWindows(Piece(RockBars(8), 8)));

        Assert.That(estimate, Is.EqualTo(new NoiseEstimate(0, 0)));
    }

    [TestCase(0.5)]
    [TestCase(1.0)]
    [TestCase(3.0)]
    public void RandomHitsAddedAtARateAreReadBackNearIt(double rate)
    {
        var rates = new CellHitRates(RockBars(Bars), Bars, Steps);
        var (noisy, _, _) = NoiseInjection.Apply(Piece(RockBars(8), 8), new HitNoise(rate), seed: 7);

        var estimate = rates.EstimateNoise(new DenseSignalWindows(noisy));

        // every training cell is played always or never, so each extra hit is told apart: the estimate is the rate
        // the injection rounded to, up to the floor kept on the training rates
        Assert.That(estimate.Rate, Is.EqualTo(rate).Within(0.02 * rate));
        Assert.That(estimate.EmptyCellChance, Is.EqualTo(rate * 12 / (9 * Steps - 12)).Within(0.02 * rate));
    }

    [Test]
    public void APieceInAnotherMeterIsRefused()
    {
        var rates = new CellHitRates(RockBars(Bars), Bars, Steps);
        var waltz = Piece(RockBars(3), 3) with { Meter = new TimeSignature(0, 3, 4) };

        Assert.That(() => rates.EstimateNoise(new DenseSignalWindows(waltz)),
            Throws.ArgumentException.With.Message
                .EqualTo("the prior's bars are 16 steps long but the piece is in 3/4, 12 steps a bar"));
    }
}
