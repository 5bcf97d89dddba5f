using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Training.Schedules;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// What --resume accepts: the saved values again, changes to the changeable keys, schedules of the saved length.
/// </summary>
public class ResumedOptionsTests
{
    private static string Flag(string key) => "--" + key.Replace('_', '-');

    [Test]
    public void TheSavedOptionsAgainAreNoChange()
    {
        var continued = ResumedOptions.Continue(Small, Small with { }, Flag);
        Assert.That(continued with { KEpochs = null, LrEpochs = null }, Is.EqualTo(Small));
    }

    [Test]
    public void MoreEpochsKeepTheSchedulesAtTheSavedLength()
    {
        var continued = ResumedOptions.Continue(Small, Small with { Epochs = 10 }, Flag);

        Assert.That((continued.Epochs, continued.KEpochs, continued.LrEpochs),
            Is.EqualTo((10, Small.Epochs, Small.Epochs)));
        Assert.That(continued.TopKSchedule().At(Small.Epochs), Is.EqualTo(Small.KEnd),
            "k stays at its end value past the old end");
        Assert.That(continued.LearningRates().At(9), Is.EqualTo(Small.LrMin),
            "the cosine stays at lr_min past the old end");
    }

    [Test]
    public void AZeroEpochRunHasNoScheduleYetSoTheResumeSpansItsEpochs()
    {
        var saved = Small with { Epochs = 0, InitAtoms = AtomInitialization.Kmeans };
        var continued = ResumedOptions.Continue(saved, saved with { Epochs = 10 }, Flag);

        Assert.That((continued.KDecayEpochs, continued.LrDecayEpochs), Is.EqualTo((10, 10)));
        Assert.That(continued.TopKSchedule().At(5), Is.Not.EqualTo(Small.KEnd), "k still decays halfway");
    }

    [Test]
    public void AnExplicitScheduleLengthEqualToTheSavedOneIsNoChange()
    {
        var saved = Small with { KEpochs = null };
        var continued = ResumedOptions.Continue(saved, Small with { Epochs = 9, KEpochs = Small.Epochs }, Flag);
        Assert.That(continued.KEpochs, Is.EqualTo(Small.Epochs));
    }

    [Test]
    public void AChangedModelOrOptimizerValueIsRefusedWithBothValues()
    {
        var error = Assert.Throws<ArgumentException>(
            () => ResumedOptions.Continue(Small, Small with { Atoms = 5, LrSchedule = LearningRateShape.Step }, Flag))!;

        Assert.That(error.Message,
            Is.EqualTo(
                "--resume keeps the saved run's options; only --epochs, --data, "
                + "--max-epoch-seconds, --checkpoint-every "
            + "may change, not --atoms (saved 8, given 5), --lr-schedule (saved \"cosine\", given \"step\")"));
    }

    [Test]
    public void AChangedScheduleLengthIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(
            () => ResumedOptions.Continue(Small, Small with { KEpochs = 3 }, Flag))!;
        Assert.That(error.Message, Does.EndWith("not --k-epochs (saved 6, given 3)"));
    }
}
