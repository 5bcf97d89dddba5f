using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Configuration;

/// <summary>
/// Whether Groove atoms tile the sections `train` cuts: the gain search, generation and evaluate code a section frame
/// by frame and refuse a frame length that does not divide its steps, so a run that trained one left a model nothing
/// could evaluate. <see cref="TrainingOptions.Validate"/> refuses it before anything is written.
/// </summary>
public static class GrooveFrameTiling
{
    /// <summary>
    /// Why atoms of <paramref name="frameLength"/> steps do not tile sections of <paramref name="bars"/> bars of
    /// <paramref name="meter"/> (info.csv's spelling, "4-4"), or null when they do, or when the section's steps are
    /// not known up front (<see cref="GrooveFilter.AllMeters"/>: every file's sections at its own bar length).
    /// </summary>
    public static string? Problem(int frameLength, int bars, string meter)
    {
        if (frameLength < 1 || StepsPerBar(meter) is not int perBar || perBar * bars % frameLength == 0) return null;
        return $"frame_length (--frame-length) {frameLength} does not divide the sections' {perBar * bars} steps "
            + $"({bars} bar{(bars == 1 ? "" : "s")} of {meter}), so evaluate and generation could not code them "
            + $"frame by frame: give a divisor of {perBar * bars}, or other --bars";
    }

    // the 16th steps of a bar of "N-D"; null for "all" or a meter the grid does not divide into whole steps
    private static int? StepsPerBar(string meter)
        => meter.Split('-') is [var numerator, var denominator] && int.TryParse(numerator, out int n)
           && int.TryParse(denominator, out int d) && n > 0 && d > 0
           && new TimeSignature(0, n, d) is var signature && GrooveBar.FitsGrid(signature)
            ? GrooveBar.StepsPerBar(signature)
            : null;
}
