using System.Text.Json;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Training.Evaluation;

/// <summary>"tcnwta evaluate" on a small untrained Groove model and the real test split.</summary>
[NonParallelizable]
public class EvaluateCommandTests
{
    [Test]
    public void ScoresTheGrooveTestSplitAtEachK()
    {
        string groove = TestData.GrooveDir(), dir = TestData.TempDir();
        string modelPath = Path.Combine(dir, "model.safetensors");
        using (var backend = new CpuBackend())
        using (var model = new Autoencoder(new AutoencoderConfig { InputChannels = 27, Atoms = 8, FrameLength = 16, TopK = 2 }, backend, seed: 1))
            ModelCheckpoint.Save(modelPath, model, extraMetadata: new Dictionary<string, string>
            {
                [RepresentationSettings.MetadataKey] = new RepresentationSettings(RepresentationKind.Groove).ToJson(),
            });

        var (exit, stdout, stderr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", groove, "--split", "test", "--k", "1", "8", "--json", "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.That(rows.Select(r => r.GetProperty("k").GetInt32()), Is.EqualTo(new[] { 1, 8 }));
        foreach (var row in rows)
        {
            Assert.That(row.GetProperty("sections").GetInt32(), Is.GreaterThan(100), "the Groove test split has thousands of one-bar sections");
            Assert.That(row.GetProperty("hit_f1").GetDouble(), Is.InRange(0.0, 1.0));
            Assert.That(row.GetProperty("loss").GetDouble(), Is.GreaterThan(0));
        }
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void AMissingModelIsOneErrorLine()
    {
        string dir = TestData.TempDir();
        var (exit, _, stderr) = CliRunner.Run("evaluate", "--model", Path.Combine(dir, "none.safetensors"), "--data", dir, "--device", "cpu");

        Assert.That(exit, Is.EqualTo(1));
        var errorLines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith("device: ")).ToList();
        Assert.That(errorLines, Has.Count.EqualTo(1), stderr);
        Assert.That(errorLines[0], Does.StartWith("error: ").And.Contain("none.safetensors: no such model file"));
        Directory.Delete(dir, recursive: true);
    }
}
