namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// Groove bars of one split stacked row-major: <see cref="Values"/> is [Count, Channels, Steps]. <see cref="Files"/>
/// gives each bar the index of the file it came from (0, 1, ...); null when each bar stands alone.
/// </summary>
public sealed record Bars(string Split, float[] Values, int Count, int Channels, int Steps, int[]? Files = null)
{
    /// <summary>Each bar's file index; each bar its own file when <see cref="Files"/> is null.</summary>
    public IReadOnlyList<int> FileOfBar => Files ?? [.. Enumerable.Range(0, Count)];

    /// <summary>Stacks equal-sized grids [Channels, Steps], with each grid's file index when known.</summary>
    public static Bars Stack(string split, IReadOnlyList<float[]> grids, int channels, int steps, int[]? files = null)
    {
        if (files is not null && files.Length != grids.Count)
            throw new ArgumentException($"{grids.Count} bars of the {split} split but {files.Length} file indices");
        int size = channels * steps;
        if (grids.Count == 0) throw new ArgumentException($"the {split} split has no bars");
        var values = new float[grids.Count * size];
        for (int i = 0; i < grids.Count; i++)
        {
            if (grids[i].Length != size)
                throw new ArgumentException(
                    $"bar {i} of the {split} split holds {grids[i].Length} values, not [{channels}, {steps}]");
            grids[i].CopyTo(values, i * size);
        }
        return new Bars(split, values, grids.Count, channels, steps, files);
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
