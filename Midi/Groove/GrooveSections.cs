using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Groove;

/// <summary>
/// A window of whole bars cut from a <see cref="GrooveGrid"/>: <see cref="Grid"/> is row-major [27,
/// <see cref="Steps"/>].
/// </summary>
public sealed record GrooveSection(float[] Grid, int Steps, int StartBar, int Bars, TimeSignature Meter);

/// <summary>
/// Cuts a grid into sections of a number of bars with a hop, as the paper's one-bar 4/4 training examples.
/// </summary>
public static class GrooveSections
{
    /// <summary>The meter sections are cut in unless told otherwise, and the one the paper trained on.</summary>
    public const string DefaultMeter = "4-4";

    /// <summary>
    /// Sections of <paramref name="bars"/> bars starting at bars 0, <paramref name="hopBars"/>, 2 × hop, ... Only
    /// windows of complete bars in one meter are kept; with <paramref name="meter"/> set ("4-4", the default) only
    /// that meter, so every section has the same length (16 × bars for 4/4). With <paramref name="meter"/> null
    /// every meter is kept and a section's <see cref="GrooveSection.Steps"/> follows its bar length (12 for 3/4).
    /// </summary>
    public static IEnumerable<GrooveSection> Cut(GrooveGrid grid, int bars = 1, int hopBars = 1,
        string? meter = DefaultMeter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bars);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopBars);
        for (int first = 0; first + bars <= grid.Bars.Count; first += hopBars)
        {
            var window = grid.Bars.Skip(first).Take(bars).ToList();
            var sectionMeter = window[0].Meter;
            if (meter != null && sectionMeter.Label != meter) continue;
            if (!window.All(b => b.IsComplete && b.Meter.Numerator == sectionMeter.Numerator
                && b.Meter.Denominator == sectionMeter.Denominator)) continue;
            int start = window[0].StartStep, steps = window.Sum(b => b.Steps);
            // section [27, steps]
            var values = new float[GrooveGrid.Channels * steps];
            for (int c = 0; c < GrooveGrid.Channels; c++)
                Array.Copy(grid.Values, c * grid.Steps + start, values, c * steps, steps);
            yield return new GrooveSection(values, steps, first, bars, sectionMeter);
        }
    }
}
