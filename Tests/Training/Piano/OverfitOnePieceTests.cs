using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Initialization;

namespace TcnWtaNative.Tests.TrainingTests.Piano;

/// <summary>
/// The piano sanity check (issue 13): a small model trained on one real excerpt of MAESTRO must learn to give its
/// notes back. A model that cannot overfit a few seconds of music has a bug in its data, loss or decoding, whatever
/// else it scores. Needs ../shared/datasets/maestro-v3.0.0.
/// </summary>
public class OverfitOnePieceTests
{
    private const double FramesPerSecond = 20;
    private const int ExcerptStart = 600, ExcerptFrames = 480, WindowFrames = 24;

    [Test]
    public void SmallOnsetRollModelReconstructsTheNotesOfOneExcerpt()
    {
        var clock = FrameClock.PerSecond(FramesPerSecond);
        var placed = new FrameNotes(PerformanceNotes.FromSong(MidiReader.Read(TestData.MaestroFiles(1)[0])), clock);
        var train = new PieceWindows(OnsetRoll.Channels, [ExcerptFrames], WindowFrames, 
            (_, first, frames, window) => OnsetRoll.Render(placed, ExcerptStart + first, frames).CopyTo(window));
        var options = TrainingPresets.MaestroPaper with
        {
            Data = "maestro", TcnWidths = [], Encoding = RepresentationKind.OnsetRoll,
            FramesPerSecond = FramesPerSecond,
            WindowFrames = WindowFrames, Atoms = 64, FrameLength = 4, KStart = 8, KEnd = 8,
            InitAtoms = AtomInitialization.Random,
            Optimizer = OptimizerKind.Adam, LearningRate = 3e-3f, WeightDecay = 0, BatchSize = 0, Epochs = 300,
            CheckpointEvery = 1000, ValidationSplit = "none",
        };
        var data = new TrainingData(train, null,
            new RepresentationSettings(RepresentationKind.OnsetRoll, FramesPerSecond), ["one excerpt"], []);
        string folder = TrainingFixtures.TempRun();
        try
        {
            using var backend = new CpuBackend();
            using var trainer = new Trainer(options, data, backend, new RunFolder(folder));
            trainer.Run();
            var excerpt = OnsetRoll.Render(placed, ExcerptStart, ExcerptFrames);
            var (reconstruction, _) = trainer.Model.Reconstruct(excerpt, ExcerptFrames);
            var reference = OnsetRoll.Decode(excerpt, ExcerptFrames, clock);
            var match = NoteMatching.Match(reference, OnsetRoll.Decode(reconstruction, ExcerptFrames, clock));
            TestContext.Out.WriteLine(
                $"{reference.Length} notes in {ExcerptFrames / FramesPerSecond} s: onset F1 {match.F1:0.###} " +
                $"(precision {match.Precision:0.###}, recall {match.Recall:0.###})");
            Assert.That(reference, Has.Length.GreaterThan(100), "the excerpt holds music");
            Assert.That(match.F1, Is.GreaterThanOrEqualTo(0.95));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
