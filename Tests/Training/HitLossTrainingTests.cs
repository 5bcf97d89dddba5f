using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Evaluation;
using TcnWtaNative.Training.Initialization;
using static TcnWtaNative.Tests.Support.CliRunner;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.Training;

/// <summary>
/// --loss hits end to end: a short synthetic run that must reconstruct held-out grids' hits well (scored on the sigmoid
/// of the hit logits), frame-seeded atoms at logit scale, the checkpoint's hit channels, and piano data refused in one
/// line.
/// </summary>
[NonParallelizable]
public class HitLossTrainingTests
{
    [Test]
    public void ASyntheticRunWithTheHitsLossReconstructsHeldOutHits()
    {
        string directory = TempRun();
        try
        {
            using var backend = new CpuBackend();
            var options = TrainingPresets.Synthetic with
            {
                Samples = 256, ValidationSamples = 0, Epochs = 150, Loss = LossKind.Hits,
                InitAtoms = AtomInitialization.Frames, CheckpointEvery = 150,
            };
            var data = TrainingDataLoader.Load(options, cache: null);
            using (var trainer = new Trainer(options, data, backend, new RunFolder(directory)))
            {
                var atoms = new float[trainer.Model.Atoms.Count];
                backend.Download(trainer.Model.Atoms.Value, atoms);
                int size = atoms.Length / options.Atoms, hitRows = 9 * options.FrameLength;
                for (int n = 0; n < options.Atoms; n++)
                    Assert.That(atoms.AsSpan(n * size, hitRows).ToArray(),
                        Has.All.EqualTo(AtomRows.HitLogit).Or.EqualTo(-AtomRows.HitLogit),
                        $"atom {n}'s hit rows start at logit scale");
                Assert.That(trainer.Run().End, Is.EqualTo(TrainingEnd.Completed));
            }

            var checkpoint = ModelCheckpoint.Load(new RunFolder(directory).Model, backend);
            using var model = checkpoint.Model;
            Assert.That(model.Config.LossSpec, Is.EqualTo(LossSpec.Hits(9)),
                "the checkpoint keeps the hits loss and its 9 hit channels");
            var heldOut = SyntheticDrums.Generate(128, seed: 99);
            var (_, hits) = ReconstructionEvaluation.GrooveSections(model,
                Enumerable.Range(0, heldOut.Count).Select(i => heldOut[i]).ToList(), 16);
            Assert.That(hits.F1, Is.GreaterThan(0.9),
                $"held-out hit F1 (precision {hits.Precision:F3}, recall {hits.Recall:F3})");
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Test]
    public void PianoDataWithTheHitsLossIsAClearError()
    {
        Assert.That(() => (TrainingPresets.MaestroPaper with { Data = "somewhere", Loss = LossKind.Hits }).Validate(),
            Throws.ArgumentException.With.Message.Contains("needs a drum grid"));
        Assert.That(() => (Small with { Loss = LossKind.Hits }).ModelConfig(RepresentationKind.Events, 388),
            Throws.ArgumentException.With.Message.Contains("needs a drum grid"));
        Assert.That((Small with { Loss = LossKind.Hits }).ModelConfig(RepresentationKind.Groove, 27).HitChannels,
            Is.EqualTo(9));
    }

    [Test]
    public void TheCliTrainsWithLossHitsAndRefusesItForMaestro()
    {
        string directory = TempRun();
        try
        {
            string run = Path.Combine(directory, "run");
            var (exit, _, stderr) = Run("train", "--dataset", "synthetic", "--device", "cpu", "--samples", "32",
                "--validation-samples", "8", "--epochs", "2", "--loss", "hits", "--out", run);
            Assert.That(exit, Is.EqualTo(0), stderr);
            Assert.That(File.ReadAllText(Path.Combine(run, "config.json")),
                Does.Contain("\"loss\": \"hits\"").Or.Contain("\"loss\":\"hits\""));

            var (refused, _, refusal) = Run("train", "--dataset", "maestro", "--data", directory, "--device", "cpu",
                "--loss", "hits", "--out", Path.Combine(directory, "piano"));
            Assert.That(refused, Is.Not.Zero);
            var errors = refusal.Split('\n').Where(line => line.StartsWith("error:")).ToList();
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0], Does.Contain("needs a drum grid"));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
