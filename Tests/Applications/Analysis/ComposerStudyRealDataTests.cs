using System.Text.Json;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// The composer study on MAESTRO itself (skipped without it): which composers it keeps, and classify end to end.
/// </summary>
[NonParallelizable]
public class ComposerStudyRealDataTests
{
    [Test]
    public void TheTestSplitHoldsAtLeastTenComposersWithFivePieces()
    {
        var pieces = PieceLabels.Load(PieceLabels.Maestro, TestData.MaestroDir(), "composer");

        var selection = PieceSelection.Choose(pieces, "test", minTrainPerLabel: 3, minHeldOutPerLabel: 5);

        Assert.That(pieces.Any(p => p.Label.Contains('/')), Is.False);
        Assert.That(selection.Labels, Has.Count.GreaterThanOrEqualTo(10));
        Assert.That(selection.HeldOut.GroupBy(p => p.Label).Min(g => g.Count()), Is.GreaterThanOrEqualTo(5));
    }

    [Test]
    public void ClassifyProbesCodesAndBothPianoBaselines()
    {
        string dir = TestData.MaestroDir(), output = TestData.TempDir();
        try
        {
            string model = Path.Combine(output, "pianoroll.safetensors"), json = Path.Combine(output, "composer.json");
            SaveUntrainedPianoRollModel(model);

            var (exit, stdout, stderr) = CliRunner.Run("classify", "--model", model, "--dataset", "maestro", "--data",
                dir, "--label", "composer", "--per-label", "2", "--max-steps", "200", "--out", json, "--device", "cpu");

            Assert.That(exit, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Contain("pitch-class histogram").And.Contain("piano-roll statistics")
                .And.Contain("mean+max code").And.Contain("over its 16 atoms"));
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var probes = doc.RootElement.GetProperty("probes").EnumerateArray()
                .ToDictionary(p => p.GetProperty("features").GetString()!);
            Assert.That(probes["piano-roll statistics"].GetProperty("dimensions").GetInt32(),
                Is.EqualTo(PianoRollStatistics.Count));
            Assert.That(probes["pitch-class histogram"].GetProperty("dimensions").GetInt32(), Is.EqualTo(12));
            Assert.That(probes["all"].GetProperty("dimensions").GetInt32(), Is.EqualTo(3 * 16));
            Assert.That(probes["note intervals"].GetProperty("dimensions").GetInt32(), Is.EqualTo(AtomIntervals.Count));
            Assert.That(probes["piano-roll statistics+note intervals"].GetProperty("dimensions").GetInt32(),
                Is.EqualTo(PianoRollStatistics.Count + AtomIntervals.Count));
            Assert.That(probes["max+baselines"].GetProperty("dimensions").GetInt32(),
                Is.EqualTo(16 + 12 + PianoRollStatistics.Count),
                "the code beside pitch classes and roll statistics only");
            Assert.That(doc.RootElement.GetProperty("classes").GetInt32(), Is.GreaterThanOrEqualTo(10));
            Assert.That(stderr, Does.Contain("dropped").And.Contain("test pieces (fewer than 5)"));
        }
        finally { Directory.Delete(output, true); }
    }

    [Test]
    public void SegmentsOfBarsAreRefusedForAPianoModel()
    {
        string output = TestData.TempDir();
        try
        {
            string model = Path.Combine(output, "pianoroll.safetensors");
            SaveUntrainedPianoRollModel(model);

            var (exit, _, stderr) = CliRunner.Run("classify", "--model", model, "--dataset", "maestro", "--data",
                TestData.MaestroDir(), "--label", "composer", "--unit", "segment", "--device", "cpu");

            Assert.That(exit, Is.EqualTo(1));
            Assert.That(stderr.Trim().Split('\n')[^1],
                Does.StartWith("error: --unit segment cuts a drum grid into bars;")
                    .And.EndWith("is a Pianoroll model"));
        }
        finally { Directory.Delete(output, true); }
    }

    // 16 random atoms of 4 frames over the 20 fps piano roll, k = 2: enough to run the pipeline, not to learn
    private static void SaveUntrainedPianoRollModel(string path)
    {
        using var backend = new CpuBackend();
        var config = new AutoencoderConfig
        {
            InputChannels = PianoRoll.Channels, Atoms = 16, FrameLength = 4, TopK = 2,
            Sparsity = SparsityKind.ChannelTopK,
        };
        using var model = new Autoencoder(config, backend, seed: 2);
        ModelCheckpoint.Save(path, model, extraMetadata: new Dictionary<string, string>
        {
            [RepresentationSettings.MetadataKey] =
                new RepresentationSettings(RepresentationKind.Pianoroll, 20).ToJson(),
        });
    }
}
