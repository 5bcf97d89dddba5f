using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Schedules;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>The training loop on the CPU: determinism, exact resume, the NaN stop.</summary>
public class TrainerTests : RunFolderTests
{
    [Test]
    public void TheSameSeedGivesTheSameLossesAndAnotherSeedDoesNot()
    {
        using var backend = new CpuBackend();
        var first = Train(backend, Small, Run("a"));
        var second = Train(backend, Small, Run("b"));
        var reseeded = Train(backend, Small with { Seed = 2 }, Run("c"));

        Assert.That(first.End, Is.EqualTo(TrainingEnd.Completed), first.Message);
        Assert.That(Losses(second.Metrics), Is.EqualTo(Losses(first.Metrics)));
        Assert.That(Tensors(Run("b").Model), Is.EqualTo(Tensors(Run("a").Model)));
        Assert.That(reseeded.Metrics[^1].TrainLoss, Is.Not.EqualTo(first.Metrics[^1].TrainLoss));
        Assert.That(first.Metrics[^1].TrainLoss, Is.LessThan(first.Metrics[0].TrainLoss),
            "six epochs should lower the loss");
        Assert.That(first.Metrics.Select(row => row.K), Is.EqualTo(new[] { 3, 3, 2, 2, 1, 1 }),
            "k follows the schedule 3 -> 1 over 6 epochs");
    }

    [Test]
    public void ThreeEpochsThenResumingToSixMatchesSixUninterrupted()
    {
        using var backend = new CpuBackend();
        var options = Small with { LrSchedule = LearningRateShape.Step, LrStepEpochs = 2, KEpochs = 6,
            CheckpointEvery = 3 };
        var whole = Train(backend, options, Run("whole"));
        var firstHalf = Train(backend, options with { Epochs = 3 }, Run("halves"));
        Assert.That(firstHalf.Metrics, Has.Count.EqualTo(3));
        var resumed = Train(backend, options, Run("halves"), TrainingCheckpoint.Load(Run("halves").Model, backend));

        Assert.That(resumed.End, Is.EqualTo(TrainingEnd.Completed), resumed.Message);
        Assert.That(Losses(resumed.Metrics), Is.EqualTo(Losses(whole.Metrics)));
        Assert.That(Tensors(Run("halves").Model), Is.EqualTo(Tensors(Run("whole").Model)),
            "parameters and Adam's moments");
    }

    // denoising training (input noise) draws its noise per (epoch, batch), so a resume sees the same noise
    [TestCase(null, null)]
    [TestCase(1, null)]
    [TestCase(null, 1.0)]
    public void InterruptedMidEpochAndResumedMatchesAnUninterruptedRun(int? reviveAtomsAfter, double? inputNoise)
    {
        using var backend = new CpuBackend();
        var options = reviveAtomsAfter is null ? Small : Small with { Atoms = 16, ReviveAtomsAfter = reviveAtomsAfter };
        options = options with { InputNoise = inputNoise };
        var whole = Train(backend, options, Run("whole"));
        if (reviveAtomsAfter is not null)
            Assert.That(whole.Metrics.Sum(row => row.AtomsRevived), Is.GreaterThan(0), "atoms were revived");

        using var interrupt = new CancellationTokenSource();
        var observer = new HookObserver(
            onStep: step => { if (step.Epoch == 4 && step.Batch == 1) interrupt.Cancel(); });
        var stopped = Train(backend, options, Run("cut"), observer: observer, cancel: interrupt.Token);
        Assert.That(stopped.End, Is.EqualTo(TrainingEnd.Interrupted));
        Assert.That(stopped.Message, Does.Contain("epoch 4, batch 1 of 3").And.Contain("--resume"));
        var saved = TrainingCheckpoint.Load(Run("cut").Model, backend);
        Assert.That((saved.State.Epoch, saved.State.Batch, saved.State.OptimizerStep), Is.EqualTo((3, 1, 10)));

        var resumed = Train(backend, options, Run("cut"), saved);
        Assert.That(Losses(resumed.Metrics), Is.EqualTo(Losses(whole.Metrics)));
        Assert.That(Tensors(Run("cut").Model), Is.EqualTo(Tensors(Run("whole").Model)));
    }

    // a run's last epoch defers its revival (no step would train the atoms); a resume for more epochs does it first,
    // so three epochs and a resume to six end with the model of six uninterrupted
    [Test]
    public void ARevivalDeferredAtARunsEndIsDoneFirstByTheResumeThatTrainsOn()
    {
        using var backend = new CpuBackend();
        var options = Small with { Atoms = 16, ReviveAtomsAfter = 1, KEpochs = 6, LrEpochs = 6, CheckpointEvery = 3 };
        var whole = Train(backend, options, Run("whole"));
        var firstHalf = Train(backend, options with { Epochs = 3 }, Run("halves"));
        var saved = TrainingCheckpoint.Load(Run("halves").Model, backend);

        Assert.That(whole.Metrics[2].AtomsRevived, Is.GreaterThan(0), "the uninterrupted run revived after epoch 3");
        Assert.That(firstHalf.Metrics[2].AtomsRevived, Is.Zero, "the three-epoch run ended without reviving");
        Assert.That(saved.State.Atoms!.RevivalDeferred, Is.True);
        var resumed = Train(backend, options, Run("halves"), saved);

        Assert.That(Tensors(Run("halves").Model), Is.EqualTo(Tensors(Run("whole").Model)),
            "parameters and Adam's moments");
        Assert.That(Losses(resumed.Metrics.Skip(4)), Is.EqualTo(Losses(whole.Metrics.Skip(4))));
        Assert.That(resumed.Metrics[3].TrainLoss, Is.EqualTo(whole.Metrics[3].TrainLoss));
        Assert.That(resumed.Metrics[3].AtomsRevived,
            Is.EqualTo(whole.Metrics[2].AtomsRevived + whole.Metrics[3].AtomsRevived), "the deferred ones counted");
        Assert.That(TrainingCheckpoint.Load(Run("halves").Model, backend).State.Atoms!.RevivalDeferred, Is.True,
            "deferred again at the end of the sixth epoch");
    }

    // the resume that does the deferred revival is itself stopped in its first epoch: the next resume still counts
    // those atoms in that epoch's metrics row, and ends with the uninterrupted run's model
    [Test]
    public void AResumeStoppedInItsFirstEpochKeepsTheDeferredRevivalsCount()
    {
        using var backend = new CpuBackend();
        var options = Small with { Atoms = 16, ReviveAtomsAfter = 1, KEpochs = 6, LrEpochs = 6, CheckpointEvery = 3 };
        var whole = Train(backend, options, Run("whole"));
        Train(backend, options with { Epochs = 3 }, Run("thirds"));
        using var interrupt = new CancellationTokenSource();
        var observer = new HookObserver(
            onStep: step => { if (step.Epoch == 4 && step.Batch == 1) interrupt.Cancel(); });

        var stopped = Train(backend, options, Run("thirds"), TrainingCheckpoint.Load(Run("thirds").Model, backend),
            observer: observer, cancel: interrupt.Token);
        var saved = TrainingCheckpoint.Load(Run("thirds").Model, backend);
        var resumed = Train(backend, options, Run("thirds"), saved);

        Assert.That(stopped.End, Is.EqualTo(TrainingEnd.Interrupted));
        Assert.That((saved.State.Epoch, saved.State.Atoms!.RevivalDeferred, saved.State.Atoms.UncountedRevived),
            Is.EqualTo((3, false, whole.Metrics[2].AtomsRevived)), "revived, not yet counted");
        Assert.That(resumed.Metrics[3].AtomsRevived,
            Is.EqualTo(whole.Metrics[2].AtomsRevived + whole.Metrics[3].AtomsRevived));
        Assert.That(Tensors(Run("thirds").Model), Is.EqualTo(Tensors(Run("whole").Model)));
    }

    [Test]
    public void RevivalChangesNothingBeforeTheFirstAtomIsRevived()
    {
        using var backend = new CpuBackend();
        var options = Small with { Atoms = 16, Epochs = 8 };
        var off = Train(backend, options, Run("off"));
        var on = Train(backend, options with { ReviveAtomsAfter = 2 }, Run("on"));

        Assert.That(off.Metrics.Select(row => row.AtomsRevived), Is.All.EqualTo(0));
        Assert.That(off.Metrics.Select(row => row.AtomsUsed), Is.All.InRange(1, 16));
        int first = on.Metrics.ToList().FindIndex(row => row.AtomsRevived > 0);
        Assert.That(first, Is.GreaterThanOrEqualTo(1),
            "an atom unused for two epochs is revived, not before the second epoch");
        Assert.That(Losses(on.Metrics.Take(first)), Is.EqualTo(Losses(off.Metrics.Take(first))),
            "counting wins and ranking frames change no loss");
        Assert.That(on.Metrics[first].TrainLoss, Is.EqualTo(off.Metrics[first].TrainLoss),
            "the revival comes after the epoch's steps");
        Assert.That(on.Metrics[^1].TrainLoss, Is.Not.EqualTo(off.Metrics[^1].TrainLoss),
            "the revived atoms change the training after it");
    }

    [Test]
    public void ANaNInTheDataStopsTrainingAndKeepsTheLastGoodCheckpoint()
    {
        using var backend = new CpuBackend();
        var clean = SyntheticDrums.Generate(Small.Samples, Small.Seed);
        var poisoned = SpoiledSet.Poisoned(clean, fromGather: 8); // 3 batches per epoch: epoch 3's second batch
        byte[]? lastSaved = null, lastSavedState = null;
        var observer = new HookObserver(onCheckpoint: (path, _) =>
            (lastSaved, lastSavedState) = (File.ReadAllBytes(path),
                File.ReadAllBytes(TrainingCheckpoint.StatePathOf(path))));
        var run = Run("nan");

        var outcome = Train(backend, Small, run, observer: observer, train: poisoned);

        Assert.That(outcome.End, Is.EqualTo(TrainingEnd.Diverged));
        Assert.That(outcome.Message,
            Does.StartWith("training diverged: the training loss is NaN at epoch 3, batch 2 of 3"));
        Assert.That(outcome.Message, Does.Contain("still holds the last good checkpoint (after epoch 2)"));
        Assert.That(File.ReadAllBytes(run.Model), Is.EqualTo(lastSaved), "the checkpoint of epoch 2 is untouched");
        Assert.That(File.ReadAllBytes(run.TrainingState), Is.EqualTo(lastSavedState), "and so is its training state");
        Assert.That(TrainingCheckpoint.Load(run.Model, backend).State.Epoch, Is.EqualTo(2));
        Assert.That(Directory.GetFiles(run.Directory).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "model.safetensors", "model.state.safetensors", "metrics.csv", "config.json" }));
    }

    [Test]
    public void AHugeLearningRateDivergesBeforeAnythingIsSaved()
    {
        using var backend = new CpuBackend();
        var run = Run("huge");
        var outcome = Train(backend, Small with { LearningRate = 1e30f, LrSchedule = LearningRateShape.Constant }, run);

        Assert.That(outcome.End, Is.EqualTo(TrainingEnd.Diverged));
        Assert.That(outcome.Message,
            Does.StartWith("training diverged:").And.Contain("no checkpoint had been written yet"));
        Assert.That(File.Exists(run.Model), Is.False);
    }

    [Test]
    public void AnEpochTimeLimitEndsEachEpochAfterItsFirstStepAtTheLeast()
    {
        using var backend = new CpuBackend();
        var outcome = Train(backend, Small with { MaxEpochSeconds = 1e-9 }, Run("capped"));

        Assert.That(outcome.End, Is.EqualTo(TrainingEnd.Completed), outcome.Message);
        Assert.That(outcome.Metrics.Select(row => row.Step), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }),
            "one of the three batches per epoch, then the limit");
        Assert.That(outcome.Metrics.All(row => row.ValidationLoss is not null), Is.True,
            "validation still runs every epoch");
    }
}
