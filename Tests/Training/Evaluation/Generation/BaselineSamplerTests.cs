using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Evaluation.Generation;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using static TcnWtaNative.Tests.Training.Evaluation.Generation.BarMaker;

namespace TcnWtaNative.Tests.Training.Evaluation.Generation;

public class BaselineSamplerTests
{
    private static Bars Train(params (int Drum, int Step)[][] hits)
        => new("train", Bars(hits), hits.Length, GrooveGrid.Channels, Steps);

    private static float[] FrameOf(float[] bars, int bar, int start, int length)
        => [.. Enumerable.Range(0, GrooveGrid.Channels)
            .SelectMany(c => bars.AsSpan(bar * Size + c * Steps + start, length).ToArray())];

    [Test]
    public void RealBarsAreDrawnWholeFromTheirSplit()
    {
        var train = Train([(0, 0)], [(1, 4), (2, 2)], [(3, 3)]);

        var drawn = new RealSectionSampler(train).Generate(20, seed: 2);

        var sources = Enumerable.Range(0, 3).Select(b => train.Values[(b * Size)..((b + 1) * Size)]).ToList();
        for (int bar = 0; bar < 20; bar++)
            Assert.That(sources.Any(s => s.SequenceEqual(drawn[(bar * Size)..((bar + 1) * Size)])), $"bar {bar}");
        Assert.That(new RealSectionSampler(train).Method, Is.EqualTo("train-sections"));
    }

    [Test]
    public void EachFrameIsTheSameFrameOfSomeTrainingBarAndFramesMix()
    {
        var train = Train([(0, 0), (0, 8)], [(1, 4), (1, 12)]);

        var drawn = new TrainingFrameSampler(train, frameLength: 8).Generate(40, seed: 1);

        var mixed = 0;
        for (int bar = 0; bar < 40; bar++)
        {
            int[] sources = [.. new[] { 0, 8 }.Select(start => Enumerable.Range(0, 2).Single(
                b => FrameOf(train.Values, b, start, 8).SequenceEqual(FrameOf(drawn, bar, start, 8))))];
            mixed += sources[0] != sources[1] ? 1 : 0;
        }
        Assert.That(mixed, Is.InRange(5, 35), "the two halves are drawn independently");
        Assert.That(() => new TrainingFrameSampler(train, frameLength: 5).Generate(1, 1), Throws.ArgumentException);
    }

    [Test]
    public void EachCellIsHitAtItsTrainingRateWithItsMeanVelocity()
    {
        var train = Train([(0, 0), (1, 4)], [(0, 0)]);

        var drawn = new CellRateSampler(train).Generate(400, seed: 5);

        int kicks = 0, snares = 0, others = 0;
        for (int bar = 0; bar < 400; bar++)
            for (int cell = 0; cell < DrumMapping.ClassCount * Steps; cell++)
            {
                if (drawn[bar * Size + cell] <= 0.5f) continue;
                if (cell == 0) kicks++;
                else if (cell == Steps + 4) snares++;
                else others++;
                Assert.That(drawn[bar * Size + DrumMapping.ClassCount * Steps + cell], Is.EqualTo(0.8f));
            }
        Assert.That((kicks, others), Is.EqualTo((400, 0)), "a cell hit in every training bar always, unhit never");
        Assert.That(snares, Is.InRange(150, 250), "a cell hit in half the bars about half the time");
    }
}
