using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// A model-free summary of a piano performance, from its notes with the sustain pedal applied
/// (<see cref="PerformanceNotes"/>): [<see cref="Count"/>] =
/// 88 key shares (notes on each key A0..C8 over all notes) |
/// notes per second | polyphony: time-weighted mean and max of sounding notes |
/// velocity mean and standard deviation (/127) | log seconds of the 10th, 50th and 90th percentile note duration |
/// pitch 5th and 95th percentile and mean (/127) |
/// 7 interval-class shares of successive onsets (|pitch step| mod 12 folded to 0..6).
/// </summary>
public static class PianoRollStatistics
{
    private const int LowestKey = 21, Keys = 88, IntervalClasses = 7;

    /// <summary>Features per piece.</summary>
    public const int Count = Keys + 1 + 2 + 2 + 3 + 3 + IntervalClasses;

    /// <summary>The row of notes in seconds (at least one).</summary>
    public static double[] Of(IReadOnlyList<TimedNote> notes)
    {
        if (notes.Count == 0) throw new ArgumentException("a piece without notes has no statistics");
        var row = new List<double>(Count);
        row.AddRange(BinShares.Of(notes.Select(n => Math.Clamp(n.Pitch - LowestKey, 0, Keys - 1)), Keys));
        double start = notes.Min(n => n.Start), seconds = Math.Max(notes.Max(n => n.End) - start, 1e-3);
        row.Add(notes.Count / seconds);
        var (meanPolyphony, maxPolyphony) = Polyphony(notes, seconds);
        row.AddRange([meanPolyphony, maxPolyphony]);
        double velocity = notes.Average(n => n.Velocity / 127.0);
        row.AddRange([velocity, Math.Sqrt(notes.Average(n => Math.Pow(n.Velocity / 127.0 - velocity, 2)))]);
        var durations = notes.Select(n => Math.Log(Math.Max(n.End - n.Start, 1e-3))).Order().ToArray();
        row.AddRange([Quantile(durations, 0.1), Quantile(durations, 0.5), Quantile(durations, 0.9)]);
        var pitches = notes.Select(n => n.Pitch / 127.0).Order().ToArray();
        row.AddRange([Quantile(pitches, 0.05), Quantile(pitches, 0.95), pitches.Average()]);
        var steps = Enumerable.Range(1, notes.Count - 1)
            .Select(i => IntervalClass(notes[i].Pitch - notes[i - 1].Pitch));
        row.AddRange(BinShares.Of(steps, IntervalClasses));
        return [.. row];
    }

    // |step| mod 12 folded so that a step and its inversion share a class: 0..6
    private static int IntervalClass(int step)
    {
        int semitones = Math.Abs(step) % 12;
        return Math.Min(semitones, 12 - semitones);
    }

    // how many notes sound at once: the mean over the piece's span and the most at any moment
    private static (double Mean, double Max) Polyphony(IReadOnlyList<TimedNote> notes, double seconds)
    {
        var changes = notes.SelectMany(n => new[] { (Time: n.End, Step: -1), (Time: n.Start, Step: 1) })
            .Order().ToArray();
        int sounding = 0, most = 0;
        foreach (var (_, step) in changes) most = Math.Max(most, sounding += step);
        return (notes.Sum(n => n.End - n.Start) / seconds, most);
    }

    // the q-quantile of sorted values, linear between neighbours
    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
