using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// The velocities and offsets that Groove sections [count, 27, steps] play at their hit cells (hit channel above
/// <see cref="ThresholdSearchShapes.HitLevel"/>), per drum class and sorted: the dynamics and feel of the sections,
/// compared by <see cref="HitValueDistance"/> as <see cref="HitPatterns"/> compares their hits. Values are clamped
/// to the ranges the MIDI decode plays, velocity to [0, 1] and offset to [−1, 1] (<see cref="GrooveDecoder"/>).
/// Immutable.
/// </summary>
public sealed class HitValues
{
    private readonly float[][] _velocities, _offsets;

    private HitValues(float[][] velocities, float[][] offsets) => (_velocities, _offsets) = (velocities, offsets);

    /// <summary>The velocities of drum <paramref name="drum"/>'s hits [hits], ascending.</summary>
    public ReadOnlySpan<float> Velocities(int drum) => _velocities[drum];

    /// <summary>The offsets of drum <paramref name="drum"/>'s hits [hits], ascending.</summary>
    public ReadOnlySpan<float> Offsets(int drum) => _offsets[drum];

    /// <summary>The hits of drum <paramref name="drum"/>.</summary>
    public int HitsOf(int drum) => _velocities[drum].Length;

    /// <summary>The mean velocity of drum <paramref name="drum"/>'s hits, 0 without hits.</summary>
    public float MeanVelocity(int drum) => HitsOf(drum) == 0 ? 0f : _velocities[drum].Average();

    /// <summary>sections [count, 27, steps] (row-major) -> the values of their hits.</summary>
    public static HitValues Of(ReadOnlySpan<float> sections, int count, int steps)
    {
        int size = GrooveGrid.Channels * steps;
        if (count < 0 || steps < 1 || sections.Length != (long)count * size)
            throw new ArgumentException(
                $"{sections.Length} values are not {count} sections of [{GrooveGrid.Channels}, {steps}]");
        var velocities = new List<float>[DrumMapping.ClassCount];
        var offsets = new List<float>[DrumMapping.ClassCount];
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++) (velocities[drum], offsets[drum]) = ([], []);
        for (int section = 0; section < count; section++)
            for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
                for (int t = 0; t < steps; t++)
                {
                    int at = section * size + drum * steps + t;
                    if (!(sections[at] > ThresholdSearchShapes.HitLevel)) continue;
                    velocities[drum].Add(Math.Clamp(sections[at + GrooveGrid.VelocityChannel * steps], 0f, 1f));
                    offsets[drum].Add(Math.Clamp(sections[at + GrooveGrid.OffsetChannel * steps], -1f, 1f));
                }
        return new HitValues(Sorted(velocities), Sorted(offsets));
    }

    private static float[][] Sorted(List<float>[] perDrum)
        => [.. perDrum.Select(values => values.Order().ToArray())];
}
