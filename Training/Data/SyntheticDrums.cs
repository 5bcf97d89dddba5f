namespace TcnWtaNative.Training.Data;

/// <summary>
/// One-bar drum grids [27, 16] in the Groove layout [hits x 9 | velocities x 9 | offsets x 9] (drum classes: kick,
/// snare, closed hat, open hat, low tom, mid tom, high tom, crash, ride), drawn from a few known generating
/// patterns with jittered velocities and timing and an occasional dropped hit, like the paper's synthetic beats.
/// Because the patterns are known, how well a dictionary recovers them can be measured.
/// </summary>
public static class SyntheticDrums
{
    public const int Channels = 27, Steps = 16, Drums = 9;

    /// <summary>A named generating pattern: for each drum class, the steps it plays.</summary>
    public sealed record Pattern(string Name, int[][] StepsByDrum);

    public static readonly Pattern[] Patterns =
    [
        new("rock", [[0, 8], [4, 12], [0, 2, 4, 6, 8, 10, 12, 14], [], [], [], [], [], []]),
        new("four-on-the-floor", [[0, 4, 8, 12], [4, 12], [], [2, 6, 10, 14], [], [], [], [0], []]),
        new("half-time", [[0, 3, 10], [8], [], [], [], [], [], [], [0, 2, 4, 6, 8, 10, 12, 14]]),
        new("tom-fill", [[0], [0, 1, 2, 3], [], [], [12, 13, 14, 15], [8, 9, 10, 11], [4, 5, 6, 7], [], []]),
        new("bossa", [[0, 3, 8, 11], [0, 3, 6, 10, 13], [0, 2, 4, 6, 8, 10, 12, 14], [], [], [], [], [], []]),
        new("jazz-ride", [[0, 10], [7, 15], [4, 12], [], [], [], [], [], [0, 4, 6, 8, 12, 14]]),
    ];

    /// <summary>
    /// The noise-free grid [27, 16] of a pattern: hits, accented velocities (0.9 on beats, else 0.6), zero offsets.
    /// </summary>
    public static float[] Template(Pattern pattern) => Render(pattern, random: null);

    /// <summary>
    /// count grids [27, 16], each one pattern with velocity jitter +-0.1, timing jitter +-0.1 step and 5% dropped hits.
    /// </summary>
    public static SignalSet Generate(int count, int seed)
    {
        var random = new Random(seed);
        var set = new SignalSet(Channels, Steps);
        for (int i = 0; i < count; i++) set.Add(Render(Patterns[random.Next(Patterns.Length)], random));
        return set;
    }

    private static float[] Render(Pattern pattern, Random? random)
    {
        var grid = new float[Channels * Steps];
        for (int drum = 0; drum < Drums; drum++)
        foreach (int step in pattern.StepsByDrum[drum])
        {
            if (random is not null && random.NextDouble() < 0.05) continue;
            float velocity = step % 4 == 0 ? 0.9f : 0.6f;
            float offset = 0f;
            if (random is not null)
            {
                velocity = Math.Clamp(velocity + (float)(random.NextDouble() * 0.2 - 0.1), 0f, 1f);
                offset = (float)(random.NextDouble() * 0.2 - 0.1) * 2f;   // +-0.1 step, stored x2
            }
            grid[drum * Steps + step] = 1f;
            grid[(Drums + drum) * Steps + step] = velocity;
            grid[(2 * Drums + drum) * Steps + step] = offset;
        }
        return grid;
    }
}
