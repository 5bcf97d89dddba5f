using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training.Evaluation.Generation;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using static TcnWtaNative.Tests.Training.Evaluation.Generation.BarMaker;

namespace TcnWtaNative.Tests.Training.Evaluation.Generation;

public class HitValueDistanceTests
{
    // one bar [27, 16] per array of hits, each hit (drum, step, velocity, offset)
    private static HitValues Values(params (int Drum, int Step, float Velocity, float Offset)[][] bars)
    {
        var grids = new float[bars.Length * Size];
        for (int bar = 0; bar < bars.Length; bar++)
            foreach (var (drum, step, velocity, offset) in bars[bar])
            {
                grids[bar * Size + drum * Steps + step] = 1f;
                grids[bar * Size + (GrooveGrid.VelocityChannel + drum) * Steps + step] = velocity;
                grids[bar * Size + (GrooveGrid.OffsetChannel + drum) * Steps + step] = offset;
            }
        return HitValues.Of(grids, bars.Length, Steps);
    }

    [Test]
    public void AShiftByCIsAtDistanceCAndIdenticalSamplesAtNone()
    {
        float[] played = [0.1f, 0.4f, 0.5f, 0.9f];
        float[] louder = [.. played.Select(v => v + 0.2f)];

        Assert.That(HitValueDistance.Wasserstein1(played, louder), Is.EqualTo(0.2).Within(1e-6));
        Assert.That(HitValueDistance.Wasserstein1(louder, played), Is.EqualTo(0.2).Within(1e-6), "symmetric");
        Assert.That(HitValueDistance.Wasserstein1(played, played), Is.Zero);
    }

    [Test]
    public void SamplesOfDifferentSizesCompareByTheirQuantiles()
    {
        // quantiles of {0, 1}: 0 below u = 1/2, 1 above; of {0, 0.5, 1}: 0, 0.5, 1 by thirds. They differ by 0.5 on
        // u in [1/3, 2/3): 1/6 in all
        Assert.That(HitValueDistance.Wasserstein1([0f, 1f], [0f, 0.5f, 1f]), Is.EqualTo(1.0 / 6).Within(1e-12));
        Assert.That(HitValueDistance.Wasserstein1([0f, 0f, 0f], [0f]), Is.Zero, "the same distribution, repeated");
        Assert.That(HitValueDistance.Wasserstein1([0f], [1f, 1f, 1f, 1f, 1f]), Is.EqualTo(1));
    }

    [Test]
    public void AnEmptySampleIsRefused()
        => Assert.That(() => HitValueDistance.Wasserstein1([], [0.5f]), Throws.ArgumentException);

    [Test]
    public void ClassesWeighByTheirShareOfTheHeldOutHits()
    {
        var heldOut = Values([(0, 0, 0.5f, 0f), (0, 4, 0.5f, 0f), (0, 8, 0.5f, 0f), (1, 4, 0.5f, 0.2f)]);
        var generated = Values([(0, 0, 0.5f, 0f), (1, 4, 0.9f, -0.2f), (1, 12, 0.9f, -0.2f)]);

        var (velocity, offset) = HitValueDistance.Between(generated, heldOut);

        Assert.That(velocity, Is.EqualTo(0.4 / 4).Within(1e-6), "the kick plays right, the snare 0.4 loud on 1/4");
        Assert.That(offset, Is.EqualTo(0.4 / 4).Within(1e-6), "and 0.4 early");
    }

    [Test]
    public void AClassNeverGeneratedIsLeftOutAndNoSharedClassHasNoDistance()
    {
        var heldOut = Values([(0, 0, 0.5f, 0f), (1, 4, 0.5f, 0f), (1, 12, 0.5f, 0f)]);

        var (velocity, offset) = HitValueDistance.Between(Values([(1, 4, 0.7f, 0.5f)]), heldOut);
        Assert.That(velocity, Is.EqualTo(0.2).Within(1e-6), "the snare alone, at full weight");
        Assert.That(offset, Is.EqualTo(0.5).Within(1e-6));
        Assert.That(HitValueDistance.Between(Values([(2, 2, 0.7f, 0f)]), heldOut), Is.EqualTo(((double?)null,
            (double?)null)), "only a hi-hat, which the held-out bars never play");
    }

    [Test]
    public void OnlyHitCellsCountAndValuesAreClampedAsTheMidiDecodePlaysThem()
    {
        var values = Values([(0, 0, 1.4f, -1.5f), (0, 2, 0.3f, 0.1f)], [(4, 7, 0.6f, 0.2f)]);

        Assert.That(values.Velocities(0).ToArray(), Is.EqualTo(new[] { 0.3f, 1f }), "sorted, and clamped to 1");
        Assert.That(values.Offsets(0).ToArray(), Is.EqualTo(new[] { -1f, 0.1f }), "clamped to -1");
        Assert.That((values.HitsOf(4), values.HitsOf(1)), Is.EqualTo((1, 0)));
        Assert.That(values.MeanVelocity(0), Is.EqualTo(0.65f).Within(1e-6));
        Assert.That(HitValues.Of(Bars([(3, 3)]), 1, Steps).Velocities(3).ToArray(), Is.EqualTo(new[] { 0.8f }));
    }

    [Test]
    public void HeldOutSectionsScoredAgainstThemselvesAreAtNoDistance()
    {
        var validation = GrooveRateDistortion.Load(TestData.GrooveDir(), "validation", cache: null);
        var values = HitValues.Of(validation.Values, validation.Count, validation.Steps);

        Assert.That(Enumerable.Range(0, DrumMapping.ClassCount).Sum(values.HitsOf), Is.GreaterThan(1000),
            "the split holds many hits");
        Assert.That(HitValueDistance.Between(values, values), Is.EqualTo(((double?)0.0, (double?)0.0)));
    }
}
