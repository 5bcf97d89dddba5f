using TcnWtaNative.Midi.Files;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// What <c>tcnwta drums --data --sample usage</c> generates: per code column the model's k atoms drawn by their usage
/// over the training bars, each at its mean value (<see cref="DrumStructureGenerator.FromUsage"/>), decoded as the
/// encoder's codes are. One section of <c>count</c> bars, so every column is its own draw.
/// </summary>
public sealed class ModelUsageSampler(TrainedModel trained, AtomUsage usage, CodeEncoder encoder, int steps)
    : IBarGenerator
{
    public string Method => "model+usage";
    public string Meaning => $"k = {trained.Model.TopK} atoms per column drawn by usage (drums --data --sample usage)";

    public float[] Generate(int count, int seed)
    {
        var generator = new DrumStructureGenerator(trained);
        var drums = generator.FromUsage(DrumStructure.Parse("A", count), new TimeSignature(0, 4, 4), usage,
            trained.Model.TopK, seed, encoder);
        int channels = trained.Representation.Channels;
        var signal = new float[channels * count * steps];
        int at = 0;
        foreach (var (grid, windowSteps) in generator.Decode(drums))
        {
            for (int c = 0; c < channels; c++)
                grid.AsSpan(c * windowSteps, windowSteps).CopyTo(signal.AsSpan(c * count * steps + at, windowSteps));
            at += windowSteps;
        }
        return BarSignals.Split(signal, count, channels, steps);
    }
}
