using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// What <c>tcnwta drums --data --sample usage</c> generates: per code column the model's k atoms drawn by their usage
/// over the training sections, each at its mean value (<see cref="DrumStructureGenerator.FromUsage"/>), decoded as
/// the encoder's codes are. All <c>count</c> sections are generated as one, then cut: every column is its own draw.
/// </summary>
public sealed class ModelUsageSampler(TrainedModel trained, AtomUsage usage, CodeEncoder encoder, int steps)
    : ISectionGenerator
{
    public string Method => "model+usage";
    public string Meaning => $"k = {trained.Model.TopK} atoms per column drawn by usage (drums --data --sample usage)";

    public float[] Generate(int count, int seed)
    {
        var generator = new DrumStructureGenerator(trained);
        var drums = generator.FromUsage(DrumStructure.Parse("A", count * steps / GrooveGrid.StepsPerWholeNote),
            new TimeSignature(0, 4, 4), usage, trained.Model.TopK, seed, encoder);
        int channels = trained.Representation.Channels;
        var signal = new float[channels * count * steps];
        int at = 0;
        foreach (var (grid, windowSteps) in generator.Decode(drums))
        {
            for (int c = 0; c < channels; c++)
                grid.AsSpan(c * windowSteps, windowSteps).CopyTo(signal.AsSpan(c * count * steps + at, windowSteps));
            at += windowSteps;
        }
        return SectionSignals.Split(signal, count, channels, steps);
    }
}
