using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications.Windows;
using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Humanizing a drum part: its hits are quantized (<see cref="HitNoise.Quantized"/>: velocity 100, on the grid), coded
/// and decoded with <c>k</c> non-zeros per column, and played back as exactly the same hits at the decoded velocities
/// and offsets (<see cref="InputHits.Humanize"/>), the dynamics and timing the dictionary's patterns carry. A model
/// trained to undo quantization (<c>train --input-quantize</c>) is the one made for it. When the input was played (a
/// Groove performance), how far the quantized and the humanized hits lie from it is measured too, bar by bar.
/// </summary>
public static class Humanization
{
    /// <summary>
    /// <paramref name="played"/> [27, T] humanized by <paramref name="encoder"/> (wta or omp: a linear decode) at
    /// <paramref name="k"/> non-zeros per column, the model's windows at a time.
    /// </summary>
    public static HumanizedPiece Humanize(TrainedModel trained, EncodedPiece played, int k,
        CodeEncoder encoder = CodeEncoder.Wta)
    {
        if (trained.Representation.Channels != GrooveGrid.Channels || played.Channels != GrooveGrid.Channels)
            throw new ArgumentException(
                $"humanizing plays Groove drum grids of {GrooveGrid.Channels} channels; the model's signals have "
                + $"{trained.Representation.Channels} and the piece's {played.Channels}");
        if (encoder is not (CodeEncoder.Wta or CodeEncoder.Omp))
            throw new ArgumentException(
                "humanizing reads a linear decode's velocities and offsets: use the wta or omp encoder, not "
                + ModelEncoder.Name(encoder));
        var quantized = Quantize(played);
        var humanized = new float[played.Signal.Length]; // [27, T], assembled window by window
        var result = PieceReconstruction.Run(trained, new DenseSignalWindows(quantized),
            piece => trained.Encode(piece, encoder, k), encoder: encoder, refine: (input, decoded, first) =>
            {
                int steps = input.Length / GrooveGrid.Channels, inside = Math.Min(steps, played.Length - first);
                InputHits.Humanize(decoded, input, steps);
                for (int c = 0; c < GrooveGrid.Channels; c++)
                    decoded.AsSpan(c * steps, inside).CopyTo(humanized.AsSpan(c * played.Length + first, inside));
            });
        return new HumanizedPiece(result, quantized, BarByBar(played, quantized.Signal), BarByBar(played, humanized));
    }

    // the errors of a grid [27, T] against the played piece, bar by bar as its meters lay the bars
    private static GrooveHitMetrics BarByBar(EncodedPiece played, float[] grid)
    {
        var metrics = new GrooveHitMetrics();
        var asPlayed = new DenseSignalWindows(played);
        var asGiven = new DenseSignalWindows(played with { Signal = grid });
        foreach (var (start, steps) in (played.Timing ?? GrooveTiming.Constant(played.Bpm, played.Meter))
                     .Bars(played.Length))
        {
            var (playedBar, givenBar) =
                (new float[GrooveGrid.Channels * steps], new float[GrooveGrid.Channels * steps]);
            asPlayed.Read(start, steps, playedBar);
            asGiven.Read(start, steps, givenBar);
            metrics.Add(playedBar, givenBar, steps);
        }
        return metrics;
    }

    /// <summary>A copy of <paramref name="played"/> [27, T] with every hit at velocity 100 on the grid.</summary>
    public static EncodedPiece Quantize(EncodedPiece played)
        => NoiseInjection.Apply(played, new HitNoise(0, 0, quantized: true), seed: 0).Noisy;

    /// <summary>
    /// Whether <paramref name="piece"/> [27, T] was played: its hits do not all share one velocity, or some lie off
    /// the grid, so that the errors of <see cref="Humanize"/> say how near it comes.
    /// </summary>
    public static bool WasPlayed(EncodedPiece piece)
    {
        var velocities = new HashSet<float>();
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
            for (int t = 0; t < piece.Length; t++)
                if (piece.Row(drum)[t] > GrooveGrid.HitLevel)
                {
                    if (piece.Row(GrooveGrid.OffsetChannel + drum)[t] != 0) return true;
                    velocities.Add(piece.Row(GrooveGrid.VelocityChannel + drum)[t]);
                }
        return velocities.Count > 1;
    }
}
