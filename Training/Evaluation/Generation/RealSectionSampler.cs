using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// Real sections of one split drawn at random with replacement. From the train split, the copy baseline: as real as
/// the data by construction, and every section a copy. From the other held-out split, what unseen real sections
/// score: the realism and coverage a generator of new sections could hope for, and how often drummers replay a
/// training section.
/// </summary>
public sealed class RealSectionSampler(Bars source) : ISectionGenerator
{
    public string Method => $"{source.Split}-sections";
    public string Meaning => $"{source.Split} sections drawn at random";

    public float[] Generate(int count, int seed)
    {
        var random = new Random(seed);
        int size = source.Channels * source.Steps;
        var sections = new float[count * size];
        for (int section = 0; section < count; section++)
            source.Values.AsSpan(random.Next(source.Count) * size, size)
                .CopyTo(sections.AsSpan(section * size, size));
        return sections;
    }
}
