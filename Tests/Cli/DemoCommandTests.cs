using TcnWtaNative.Midi.Files;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Cli;

/// <summary>"tcnwta demo", the README's main job, end to end on a short run.</summary>
[NonParallelizable]
public class DemoCommandTests
{
    [Test]
    public void TrainsRecoversThePatternsAndWritesAModelAPngAndMidi()
    {
        string directory = Directory.CreateTempSubdirectory("tcnwta-demo-").FullName;
        try
        {
            string output = CliRunner.Succeed("demo", "--epochs", "150", "--samples", "256", "--out", directory,
                "--device", "cpu");

            var cosine = double.Parse(output.Split("learned atoms:")[1].Trim().Split(Environment.NewLine)[0],
                System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(cosine, Is.GreaterThan(0.95), "the learned atoms recover the generating patterns");
            Assert.That(File.ReadAllBytes(Path.Combine(directory, "atoms.png"))[1..4], Is.EqualTo("PNG"u8.ToArray()));
            Assert.That(MidiReader.Read(Path.Combine(directory, "atoms.mid")).Notes, Is.Not.Empty);
            Assert.That(MidiReader.Read(Path.Combine(directory, "patterns.mid")).Notes, Is.Not.Empty);
            using var backend = new TcnWtaNative.Kernels.Cpu.CpuBackend();
            using var model = TrainedModel.Load(Path.Combine(directory, "model.safetensors"), backend);
            Assert.That(model.Representation.Channels, Is.EqualTo(27),
                "the saved demo model is ready for the Groove applications");
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Test]
    public void PrintsTheRecoveryAtInitializationBesideTheRecoveryAfterTraining()
    {
        string directory = Directory.CreateTempSubdirectory("tcnwta-demo-").FullName;
        try
        {
            string output = CliRunner.Succeed("demo", "--epochs", "150", "--samples", "256", "--out", directory,
                "--device", "cpu");

            double Mean(string before)
                => double.Parse(output.Split(before)[1].Trim().Split(Environment.NewLine)[0],
                    System.Globalization.CultureInfo.InvariantCulture);
            double initial = Mean("before training:"), trained = Mean("learned atoms:");
            Assert.That(output, Does.Contain("cosine at init").And.Contain("cosine trained"));
            Assert.That(initial, Is.InRange(0.0, 1.0));
            Assert.That(trained, Is.GreaterThanOrEqualTo(initial),
                "training does not lose what the seeded atoms matched");
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
