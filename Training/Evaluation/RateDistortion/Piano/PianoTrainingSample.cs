using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Initialization;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// A bounded, seeded sample of training music for the baselines: one window of at most a given number of steps from
/// each of a few training pieces, each window [C, T_i]. Cut into segments of S steps it gives the k-means points and
/// the random frames (K steps), whole segments only, so none spans two pieces.
/// </summary>
public sealed class PianoTrainingSample
{
    private readonly List<(float[] Signal, int Length)> _windows = [];

    private PianoTrainingSample(int channels) => Channels = channels;

    /// <summary>C: channels of the representation.</summary>
    public int Channels { get; }

    /// <summary>Steps held, over all windows.</summary>
    public long Steps => _windows.Sum(w => (long)w.Length);

    /// <summary>
    /// A window of at most <paramref name="windowSteps"/> steps at a seeded random start from each piece, read one
    /// at a time (only the windows are kept).
    /// </summary>
    public static PianoTrainingSample Draw(IEnumerable<EncodedPiece> pieces, int channels, int windowSteps, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSteps, 1);
        var sample = new PianoTrainingSample(channels);
        var random = new Random(seed);
        foreach (var piece in pieces)
        {
            if (piece.Channels != channels)
                throw new ArgumentException($"a training piece has {piece.Channels} channels, not {channels}");
            int length = Math.Min(windowSteps, piece.Length), start = random.Next(piece.Length - length + 1);
            if (length == 0) continue;
            var window = new float[channels * length];
            for (int c = 0; c < channels; c++)
                piece.Row(c).Slice(start, length).CopyTo(window.AsSpan(c * length, length));
            sample._windows.Add((window, length));
        }
        return sample;
    }

    /// <summary>Whole segments of <paramref name="segmentSteps"/> steps in the sample.</summary>
    public long SegmentCount(int segmentSteps) => _windows.Sum(w => (long)(w.Length / segmentSteps));

    /// <summary>
    /// Every whole segment of every window: rows [SegmentCount, C * S], as <see cref="BarSegments"/> cuts.
    /// </summary>
    public float[] Segments(int segmentSteps)
    {
        var segments = new float[checked((int)(SegmentCount(segmentSteps) * Channels * segmentSteps))];
        int at = 0;
        foreach (var (signal, length) in _windows)
        {
            int whole = length / segmentSteps * segmentSteps;
            if (whole == 0) continue;
            var trimmed = SignalRows.TrimToLength(signal, Channels, length, whole);
            var cut = BarSegments.Cut(trimmed, 1, Channels, whole, segmentSteps);
            cut.CopyTo(segments, at);
            at += cut.Length;
        }
        return segments;
    }

    /// <summary>
    /// Each key's mean onset velocity [88] (v / 127) over the sample's onsets, by
    /// <see cref="Initialization.KeyVelocityMeans"/>: the levels of the per-key basis' onset atoms
    /// (<see cref="KeyAtoms"/>). Needs the onset roll.
    /// </summary>
    public float[] KeyVelocityMeans()
    {
        if (Channels != OnsetRoll.Channels)
            throw new ArgumentException($"the per-key basis codes the onset roll's {OnsetRoll.Channels} channels, "
                + $"not {Channels}");
        var means = new KeyVelocityMeans(1);
        // columns [steps, 264]: one step of the sample each
        var columns = Segments(1);
        for (int at = 0; at < columns.Length; at += OnsetRoll.Channels)
            means.Add(columns.AsSpan(at, OnsetRoll.Channels));
        return means.Means();
    }
}
