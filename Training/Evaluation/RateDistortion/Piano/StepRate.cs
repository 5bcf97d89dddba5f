using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// A budget of b non-zeros per second of music in the units of a fixed-rate representation of f steps per second:
/// k = b·K/f per K-step frame, one code entry per f/b steps, or b·T/f for a piece of T steps.
/// </summary>
public sealed record StepRate(double StepsPerSecond)
{
    private const double WholeTolerance = 1e-9;

    /// <summary>k per frame of <paramref name="frameLength"/> steps, or null when it is not a whole number.</summary>
    public int? PerFrame(int nonzerosPerSecond, int frameLength)
        => Whole(nonzerosPerSecond * frameLength / StepsPerSecond);

    /// <summary>The steps that one code entry covers, f/b, or null when it is not a whole number.</summary>
    public int? StepsPerNonzero(int nonzerosPerSecond) => Whole(StepsPerSecond / nonzerosPerSecond);

    /// <summary>A piece's budget: b × its seconds, rounded, at least 1.</summary>
    public int ForPiece(int nonzerosPerSecond, int steps)
        => Math.Max(1, (int)Math.Round(nonzerosPerSecond * Seconds(steps)));

    /// <summary>The seconds that <paramref name="steps"/> steps last.</summary>
    public double Seconds(int steps) => steps / StepsPerSecond;

    /// <summary>Refuses a piece that <paramref name="representation"/> runs at another rate than this one.</summary>
    public void CheckFixed(IMusicRepresentation representation, EncodedPiece piece)
    {
        double stepsPerSecond = representation.StepsPerSecond(piece.Bpm);
        if (stepsPerSecond != StepsPerSecond)
            throw new ArgumentException(
                $"the study needs a fixed frame rate: a piece runs at {stepsPerSecond} steps per "
                + $"second, not {StepsPerSecond}");
    }

    private static int? Whole(double value)
    {
        double rounded = Math.Round(value);
        return rounded >= 1 && Math.Abs(value - rounded) <= WholeTolerance * Math.Max(1, value) ? (int)rounded : null;
    }
}
