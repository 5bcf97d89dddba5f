using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications.Support;

/// <summary>A generated drum piece's whole grid, for tests that look at it as one signal.</summary>
internal static class DrumGrids
{
    /// <summary>
    /// The windows of <paramref name="drums"/> decoded by <paramref name="generator"/>, one after another:
    /// [27, steps].
    /// </summary>
    public static float[] Of(DrumStructureGenerator generator, GeneratedDrums drums)
    {
        var grid = new float[GrooveGrid.Channels * drums.Steps];
        int start = 0;
        foreach (var (window, steps) in generator.Decode(drums))
        {
            for (int c = 0; c < GrooveGrid.Channels; c++)
                Array.Copy(window, c * steps, grid, c * drums.Steps + start, steps);
            start += steps;
        }
        return grid;
    }
}
