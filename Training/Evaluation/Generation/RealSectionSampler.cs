using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// Real sections of one split drawn at random with replacement. From the train split, the copy baseline: as real as
/// the data by construction, and every section a copy. From the other held-out split, what unseen real sections
/// score: the realism and coverage a generator of new sections could hope for, and how often drummers replay a
/// training section. A whole section is one frame of <see cref="TrainingFrameSampler"/>, which draws it.
/// </summary>
public sealed class RealSectionSampler(Bars source) : ISectionGenerator
{
    private readonly TrainingFrameSampler _wholeSections = new(source, source.Steps);

    public string Method => $"{source.Split}-sections";
    public string Meaning => $"{source.Split} sections drawn at random";

    public float[] Generate(int count, int seed) => _wholeSections.Generate(count, seed);
}
