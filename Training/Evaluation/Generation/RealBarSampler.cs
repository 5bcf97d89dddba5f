using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// Real bars of one split drawn at random with replacement. From the train split, the copy baseline: as real as the
/// data by construction, and every bar a copy. From the other held-out split, what unseen real bars score: the
/// realism and coverage a generator of new bars could hope for, and how often real drummers play a training bar.
/// </summary>
public sealed class RealBarSampler(Bars source) : IBarGenerator
{
    public string Method => $"{source.Split}-bars";
    public string Meaning => $"{source.Split} bars drawn at random";

    public float[] Generate(int count, int seed)
    {
        var random = new Random(seed);
        int size = source.Channels * source.Steps;
        var bars = new float[count * size];
        for (int bar = 0; bar < count; bar++)
            source.Values.AsSpan(random.Next(source.Count) * size, size).CopyTo(bars.AsSpan(bar * size, size));
        return bars;
    }
}
