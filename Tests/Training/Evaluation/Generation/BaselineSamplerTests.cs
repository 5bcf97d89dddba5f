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

    [Test]
    public void PlayedFlatTheHitsStayAndEachPlaysItsDrumsTrainingMeanVelocityOnTheGrid()
    {
        var played = Bars([(0, 0), (1, 4), (1, 12)]);
        played[(GrooveGrid.VelocityChannel + 1) * Steps + 4] = 0.3f;
        played[(GrooveGrid.OffsetChannel + 1) * Steps + 4] = -0.4f;
        played[(GrooveGrid.VelocityChannel + 2) * Steps + 2] = 0.7f;
        var train = Bars([(0, 0)], [(1, 4), (1, 8)]);
        train[Size + (GrooveGrid.VelocityChannel + 1) * Steps + 4] = 0.4f;
        train[Size + (GrooveGrid.VelocityChannel + 1) * Steps + 8] = 0.6f;

        var sampler = new FlatDynamicsSampler(new FixedSections(played), HitValues.Of(train, 2, Steps), Steps);

        var flat = sampler.Generate(1, seed: 3);

        Assert.That(HitPatterns.Of(flat, 1, Steps).F1(0, HitPatterns.Of(played, 1, Steps), 0), Is.EqualTo(1),
            "the same hits");
        int kick = GrooveGrid.VelocityChannel * Steps, snare = (GrooveGrid.VelocityChannel + 1) * Steps;
        Assert.That(new[] { flat[kick], flat[snare + 4], flat[snare + 12] }, Is.EqualTo(new[] { 0.8f, 0.5f, 0.5f })
            .Within(1e-6), "the kick's and the snare's training mean, whatever the generator played");
        Assert.That(flat.AsSpan(GrooveGrid.OffsetChannel * Steps).ToArray(), Is.All.Zero, "every hit on the grid");
        Assert.That(flat[(GrooveGrid.VelocityChannel + 2) * Steps + 2], Is.EqualTo(0.7f), "a dark cell is left alone");
        Assert.That(sampler.Method, Is.EqualTo("fixed+flat"));
    }

    // the same sections every time, as a generator
    private sealed class FixedSections(float[] sections) : ISectionGenerator
    {
        public string Method => "fixed";
        public string Meaning => "the same sections";
        public float[] Generate(int count, int seed) => [.. sections];
    }
}
