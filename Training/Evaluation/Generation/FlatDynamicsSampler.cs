using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// Another generator's hits played flat, sections [count, 27, <paramref name="steps"/>]: every hit at its drum
/// class's mean velocity over the training hits and exactly on the grid (offset 0). Beside the generator's own row
/// it asks whether the decoded dynamics and feel come nearer real drums than none: the hits, and so every hit score,
/// are the generator's.
/// </summary>
public sealed class FlatDynamicsSampler(ISectionGenerator hits, HitValues train, int steps) : ISectionGenerator
{
    private readonly float[] _meanVelocities =
        [.. Enumerable.Range(0, DrumMapping.ClassCount).Select(train.MeanVelocity)]; // [9]

    public string Method => $"{hits.Method}+flat";
    public string Meaning => $"{hits.Method}'s hits at each drum's training mean velocity, offset 0";

    public float[] Generate(int count, int seed)
    {
        var sections = hits.Generate(count, seed);
        int size = GrooveGrid.Channels * steps;
        for (int section = 0; section < count; section++)
            for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
                for (int t = 0; t < steps; t++)
                {
                    int at = section * size + drum * steps + t;
                    if (!(sections[at] > ThresholdSearchShapes.HitLevel)) continue;
                    sections[at + GrooveGrid.VelocityChannel * steps] = _meanVelocities[drum];
                    sections[at + GrooveGrid.OffsetChannel * steps] = 0f;
                }
        return sections;
    }
}
