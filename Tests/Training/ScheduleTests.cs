using TcnWtaNative.Training.Schedules;

namespace TcnWtaNative.Tests.TrainingTests;

public class ScheduleTests
{
    [Test]
    public void LinearKStartsAtK0EndsAtK1AndNeverRises()
    {
        var schedule = new TopKSchedule(4, 1, 1000, ScheduleShape.Linear);
        var ks = Enumerable.Range(0, 1200).Select(schedule.At).ToArray();
        Assert.That(ks[0], Is.EqualTo(4));
        Assert.That(ks[999], Is.EqualTo(1));
        Assert.That(ks[1199], Is.EqualTo(1), "past the decay k stays at k1");
        Assert.That(ks.Zip(ks.Skip(1)).All(pair => pair.Second <= pair.First), Is.True);
        Assert.That(ks.Distinct(), Is.EquivalentTo(new[] { 4, 3, 2, 1 }));
        Assert.That(schedule.At(333), Is.EqualTo(3), "a third of the way from 4 to 1 is 3");
        Assert.That(schedule.At(666), Is.EqualTo(2));
    }

    [Test]
    public void StepKHoldsEqualPlateaus()
    {
        var schedule = new TopKSchedule(4, 1, 1000, ScheduleShape.Step);
        Assert.That(new[] { 0, 249, 250, 499, 500, 749, 750, 999 }.Select(schedule.At),
            Is.EqualTo(new[] { 4, 4, 3, 3, 2, 2, 1, 1 }));
    }

    [Test]
    public void KMayRiseAndAConstantScheduleStaysPut()
    {
        var rising = new TopKSchedule(1, 3, 5, ScheduleShape.Linear);
        Assert.That(Enumerable.Range(0, 5).Select(rising.At), Is.EqualTo(new[] { 1, 2, 2, 3, 3 }));
        var flat = new TopKSchedule(7, 7, 10, ScheduleShape.Step);
        Assert.That(Enumerable.Range(0, 12).Select(flat.At), Is.All.EqualTo(7));
        var single = new TopKSchedule(100, 75, 1, ScheduleShape.Linear);
        Assert.That((single.At(0), single.At(1)), Is.EqualTo((100, 75)),
            "a one-epoch decay starts at k0 and is at k1 after");
    }

    [Test]
    public void ConstantLearningRateNeverChanges()
    {
        var schedule = new LearningRateSchedule(LearningRateShape.Constant, 0.01f, 10);
        Assert.That(Enumerable.Range(0, 20).Select(schedule.At), Is.All.EqualTo(0.01f));
    }

    // as PyTorch's CosineAnnealingLR(T_max = 10): the minimum is reached at epoch 10, after a run of 10 epochs
    [Test]
    public void CosineGoesFromBaseToMinimumThroughTheMean()
    {
        var schedule = new LearningRateSchedule(LearningRateShape.Cosine, 0.01f, 10, MinRate: 0.002f);
        Assert.That(schedule.At(0), Is.EqualTo(0.01f).Within(1e-9));
        Assert.That(schedule.At(5), Is.EqualTo(0.006f).Within(1e-8), "halfway, cos = 0: the mean of base and minimum");
        Assert.That(schedule.At(10), Is.EqualTo(0.002f).Within(1e-9));
        Assert.That(schedule.At(50), Is.EqualTo(0.002f).Within(1e-9));
        var rates = Enumerable.Range(0, 11).Select(schedule.At).ToArray();
        Assert.That(rates.Zip(rates.Skip(1)).All(pair => pair.Second < pair.First), Is.True);
    }

    // the last epoch of a run ran at the minimum, 0 by default, so a 2-epoch run learned for one; 1 epoch never fell
    [Test]
    public void EveryEpochOfTheRunLearnsAndOneEpochFallsAfterIt()
    {
        var twoEpochs = new LearningRateSchedule(LearningRateShape.Cosine, 0.01f, 2);
        var oneEpoch = new LearningRateSchedule(LearningRateShape.Cosine, 0.01f, 1, MinRate: 0.001f);

        Assert.That(new[] { twoEpochs.At(0), twoEpochs.At(1), twoEpochs.At(2) },
            Is.EqualTo(new[] { 0.01f, 0.005f, 0f }).Within(1e-9f));
        Assert.That(new[] { oneEpoch.At(0), oneEpoch.At(1), oneEpoch.At(7) },
            Is.EqualTo(new[] { 0.01f, 0.001f, 0.001f }).Within(1e-9f));
    }

    [Test]
    public void StepLearningRateMultipliesByGammaEveryStepEpochs()
    {
        var schedule = new LearningRateSchedule(LearningRateShape.Step, 0.1f, 100, StepEpochs: 10, Gamma: 0.5f);
        Assert.That(new[] { 0, 9, 10, 19, 20, 35 }.Select(schedule.At),
            Is.EqualTo(new[] { 0.1f, 0.1f, 0.05f, 0.05f, 0.025f, 0.0125f }).Within(1e-9f));
    }
}
