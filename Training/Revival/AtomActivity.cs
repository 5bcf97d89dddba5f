using System.Text.Json.Serialization;

namespace TcnWtaNative.Training.Revival;

/// <summary>
/// A training frame ranked by how badly a step reconstructed it: item index, first step, squared error over [C, K].
/// </summary>
public sealed record WorstFrame(int Item, int Start, float Error);

/// <summary>
/// What dead-atom revival carries between epochs and through a checkpoint: each atom's wins so far in the epoch in
/// progress (non-zero entries of the code mask), each atom's consecutive epochs without a win up to the last completed
/// epoch, and the epoch's worst-reconstructed frames so far (worst first). With <see cref="RevivalDeferred"/> the wins
/// and frames are those of the last completed epoch, the run's last, whose revival waits for a resume that trains on;
/// <see cref="UncountedRevived"/> is how many atoms that resume revived before the epoch in progress, which its metrics
/// row counts (both absent from the JSON at their defaults, as in checkpoints written before them). Equal when the
/// numbers are equal.
/// </summary>
public sealed record AtomActivity(long[] Wins, int[] UnusedEpochs, WorstFrame[] WorstFrames,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool RevivalDeferred = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int UncountedRevived = 0)
{
    /// <summary>
    /// No wins, no unused epochs, no frames: the start of a run, or a checkpoint written before revival existed.
    /// </summary>
    public static AtomActivity Start(int atoms) => new(new long[atoms], new int[atoms], []);

    public bool Equals(AtomActivity? other) => other is not null && Wins.SequenceEqual(other.Wins)
        && UnusedEpochs.SequenceEqual(other.UnusedEpochs) && WorstFrames.SequenceEqual(other.WorstFrames)
        && RevivalDeferred == other.RevivalDeferred && UncountedRevived == other.UncountedRevived;

    public override int GetHashCode() => HashCode.Combine(Wins.Length, UnusedEpochs.Length, WorstFrames.Length);
}
