namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion;

/// <summary>Random Groove grids for the coders' tests: hits on the 9 hit rows, each with a velocity.</summary>
internal static class RandomGrooveGrids
{
    private const int Channels = 27, Drums = 9;

    /// <summary>
    /// grids [count, 27, steps]: each hit cell 1 with probability <paramref name="hitProbability"/>, its velocity row
    /// uniform in [0, 1) where it is a hit; the offset rows 0.
    /// </summary>
    public static float[] Draw(Random random, int count, int steps, double hitProbability)
    {
        int size = Channels * steps, cells = Drums * steps;
        var grids = new float[count * size];
        for (int i = 0; i < count; i++)
            for (int d = 0; d < cells; d++)
                if (random.NextDouble() < hitProbability)
                    (grids[i * size + d], grids[i * size + cells + d]) = (1f, (float)random.NextDouble());
        return grids;
    }
}
