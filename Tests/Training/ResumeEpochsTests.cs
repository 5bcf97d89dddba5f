using TcnWtaNative.Training.Checkpoints;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>A resume's --epochs against the saved epoch: more trains, the same is done, fewer is an error.</summary>
public class ResumeEpochsTests
{
    private static TrainingState SavedAt(int epoch, int batch = 0)
        => TrainingState.Start(1, 1, 1e-3f) with { Epoch = epoch, Batch = batch };

    [Test]
    public void MoreEpochsThanSavedLeaveWorkToDo()
        => Assert.That(ResumeEpochs.AlreadyDone(SavedAt(5), 6, "m.safetensors"), Is.Null);

    [Test]
    public void AnInterruptedEpochPastTheSavedOnesIsWorkToDo()
        => Assert.That(ResumeEpochs.AlreadyDone(SavedAt(5, batch: 3), 6, "m.safetensors"), Is.Null);

    [Test]
    public void AsManyEpochsAsSavedIsAlreadyDone()
        => Assert.That(ResumeEpochs.AlreadyDone(SavedAt(5), 5, "m.safetensors"),
            Does.StartWith("already done: m.safetensors holds all 5 epochs"));

    [Test]
    public void FewerEpochsThanSavedIsAnError()
    {
        var error = Assert.Throws<ArgumentException>(() => ResumeEpochs.AlreadyDone(SavedAt(5), 4, "m.safetensors"))!;
        Assert.That(error.Message,
            Is.EqualTo(
                "m.safetensors holds 5 trained epochs, more than --epochs 4; with --resume, --epochs is the new total: "
                + "give more than 5 to train on"));
    }
}
