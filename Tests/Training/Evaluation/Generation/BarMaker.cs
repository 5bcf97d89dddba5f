using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Tests.Training.Evaluation.Generation;

/// <summary>Hand-made one-bar Groove grids [27, 16] for the generation tests.</summary>
internal static class BarMaker
{
    public const int Steps = GrooveGrid.StepsPerWholeNote, Size = GrooveGrid.Channels * Steps;

    /// <summary>Bars [count, 27, 16] stacked, each hit given as (drum, step) at velocity 0.8.</summary>
    public static float[] Bars(params (int Drum, int Step)[][] hits)
    {
        var bars = new float[hits.Length * Size];
        for (int bar = 0; bar < hits.Length; bar++)
            foreach (var (drum, step) in hits[bar])
            {
                bars[bar * Size + drum * Steps + step] = 1f;
                bars[bar * Size + (GrooveGrid.VelocityChannel + drum) * Steps + step] = 0.8f;
            }
        return bars;
    }
}
