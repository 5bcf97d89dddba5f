using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// The recombination baseline: each frame of <paramref name="frameLength"/> steps of a bar is the same frame of a
/// training bar drawn at random, every frame its own draw. New bars out of real frames, with no dictionary: what the
/// model's frame-code sampler (<see cref="ModelCodeSampler"/>) does without the atoms.
/// </summary>
public sealed class TrainingFrameSampler(Bars train, int frameLength) : IBarGenerator
{
    public string Method => "train-frames";
    public string Meaning => $"each {frameLength}-step frame from a random training bar";

    public float[] Generate(int count, int seed)
    {
        if (frameLength < 1 || train.Steps % frameLength != 0)
            throw new ArgumentException($"frames of {frameLength} steps do not tile bars of {train.Steps} steps");
        var random = new Random(seed);
        int size = train.Channels * train.Steps;
        var bars = new float[count * size];
        for (int bar = 0; bar < count; bar++)
            for (int start = 0; start < train.Steps; start += frameLength)
            {
                int source = random.Next(train.Count);
                for (int c = 0; c < train.Channels; c++)
                    train.Values.AsSpan(source * size + c * train.Steps + start, frameLength)
                        .CopyTo(bars.AsSpan(bar * size + c * train.Steps + start, frameLength));
            }
        return bars;
    }
}
