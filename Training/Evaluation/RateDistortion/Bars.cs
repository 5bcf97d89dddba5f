namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>Groove bars of one split stacked row-major: <see cref="Values"/> is [Count, Channels, Steps].</summary>
public sealed record Bars(string Split, float[] Values, int Count, int Channels, int Steps)
{
    /// <summary>Stacks equal-sized grids [Channels, Steps].</summary>
    public static Bars Stack(string split, IReadOnlyList<float[]> grids, int channels, int steps)
    {
        int size = channels * steps;
        if (grids.Count == 0) throw new ArgumentException($"the {split} split has no bars");
        var values = new float[grids.Count * size];
        for (int i = 0; i < grids.Count; i++)
        {
            if (grids[i].Length != size) throw new ArgumentException($"bar {i} of the {split} split holds {grids[i].Length} values, not [{channels}, {steps}]");
            grids[i].CopyTo(values, i * size);
        }
        return new Bars(split, values, grids.Count, channels, steps);
    }

    /// <summary>The bars as a training-style set of items [Channels, Steps].</summary>
    public Data.SignalSet AsSet()
    {
        var set = new Data.SignalSet(Channels, Steps);
        int size = Channels * Steps;
        for (int i = 0; i < Count; i++) set.Add(Values[(i * size)..((i + 1) * size)]);
        return set;
    }
}
