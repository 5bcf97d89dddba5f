using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// The recombination baseline: each frame of <paramref name="frameLength"/> steps of a section is the same frame of a
/// training section drawn at random, every frame its own draw. New sections out of real frames, with no dictionary:
/// what <see cref="ModelCodeSampler.Recombined"/> does without the atoms.
/// </summary>
public sealed class TrainingFrameSampler(Bars train, int frameLength) : ISectionGenerator
{
    public string Method => "train-frames";
    public string Meaning => $"each {frameLength}-step frame from a random training section";

    public float[] Generate(int count, int seed)
    {
        if (frameLength < 1 || train.Steps % frameLength != 0)
            throw new ArgumentException($"frames of {frameLength} steps do not tile sections of {train.Steps} steps");
        var random = new Random(seed);
        int size = train.Channels * train.Steps;
        var sections = new float[count * size];
        for (int section = 0; section < count; section++)
            for (int start = 0; start < train.Steps; start += frameLength)
            {
                int source = random.Next(train.Count);
                for (int c = 0; c < train.Channels; c++)
                    train.Values.AsSpan(source * size + c * train.Steps + start, frameLength)
                        .CopyTo(sections.AsSpan(section * size + c * train.Steps + start, frameLength));
            }
        return sections;
    }
}
