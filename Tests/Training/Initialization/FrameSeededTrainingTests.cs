using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Initialization;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.Training.Initialization;

/// <summary>init_atoms = frames in a real training run.</summary>
public class FrameSeededTrainingTests
{
    [Test]
    public void AFreshRunStartsFromTrainingFramesAndTheOptionNeedsNoTcn()
    {
        string directory = TempRun();
        try
        {
            using var backend = new CpuBackend();
            var options = Small with { InitAtoms = AtomInitialization.Frames, Epochs = 1 };
            var data = TrainingDataLoader.Load(options, cache: null);
            using var trainer = new Trainer(options, data, backend, new RunFolder(directory));

            var atoms = new float[trainer.Model.Atoms.Count];
            backend.Download(trainer.Model.Atoms.Value, atoms);
            var frames = Enumerable.Range(0, data.Train.Count).Select(i => data.Train.Gather([i]).Values).ToList();
            int size = atoms.Length / options.Atoms;
            for (int n = 0; n < options.Atoms; n++)
                Assert.That(frames.Any(f => f.SequenceEqual(atoms.AsSpan(n * size, size).ToArray())),
                    $"atom {n} is a training frame");
            Assert.That(() => (Small with { InitAtoms = AtomInitialization.Frames, TcnWidths = [8] }).Validate(),
                Throws.ArgumentException.With.Message.Contains("without a TCN"));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
