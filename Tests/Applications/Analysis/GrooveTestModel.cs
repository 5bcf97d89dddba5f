using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// A small Groove checkpoint for the application tests, until trained presets exist: one-bar atoms [27, 16],
/// channel top-k, trained for a few full-batch Adam steps on the 4/4 bars of the given files (or left at its
/// initialization with no files), saved with the Groove representation named in its metadata.
/// </summary>
internal static class GrooveTestModel
{
    public static void Save(string path, IEnumerable<string> midiFiles, int atoms = 8, int topK = 1, int steps = 40, int seed = 3)
    {
        var config = new AutoencoderConfig
        {
            InputChannels = GrooveGrid.Channels, Atoms = atoms, FrameLength = GrooveGrid.StepsPerWholeNote,
            Sparsity = SparsityKind.ChannelTopK, TopK = topK,
        };
        using var backend = new CpuBackend();
        using var model = new Autoencoder(config, backend, seed);
        var bars = new SignalSet(GrooveGrid.Channels, GrooveGrid.StepsPerWholeNote);
        foreach (string file in midiFiles)
            foreach (var section in GrooveSections.Cut(GrooveEncoder.Encode(MidiReader.Read(file)))) bars.Add(section.Grid);
        if (bars.Count > 0) Train(backend, model, bars, steps, seed);
        ModelCheckpoint.Save(path, model, extraMetadata: new Dictionary<string, string>
        {
            [RepresentationSettings.MetadataKey] = new RepresentationSettings(RepresentationKind.Groove).ToJson(),
        });
    }

    private static void Train(IComputeBackend backend, Autoencoder model, SignalSet bars, int steps, int seed)
    {
        using var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(LearningRate: 0.01f));
        var step = new TrainingStep(model, optimizer);
        var shuffle = new Random(seed);
        Tensor? batch = null;
        try
        {
            for (int s = 0; s < steps; s++)
                foreach (var indices in bars.Batches(0, shuffle)) step.Run(bars.Upload(backend, indices, ref batch));
        }
        finally { batch?.Dispose(); }
    }
}
