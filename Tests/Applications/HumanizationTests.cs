using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// <see cref="Humanization"/> as a library: the quantized copy, whether a part was played, the input a humanized piece
/// coded, and the coders it refuses.
/// </summary>
public class HumanizationTests
{
    private const int Steps = 16;

    // a one-bar Groove piece [27, 16] with the given (cell, velocity, offset) hits
    private static EncodedPiece Piece(params (int Cell, float Velocity, float Offset)[] hits)
    {
        var signal = new float[GrooveGrid.Channels * Steps];
        foreach (var (cell, velocity, offset) in hits)
            (signal[cell], signal[GrooveGrid.VelocityChannel * Steps + cell], signal[GrooveGrid.OffsetChannel * Steps
                + cell]) = (1, velocity, offset);
        return new EncodedPiece(signal, GrooveGrid.Channels, Steps, 120, TimeSignature.Default);
    }

    [Test]
    public void APartIsPlayedWhenItsHitsTakeTwoVelocitiesOrLeaveTheGrid()
    {
        Assert.That(Humanization.WasPlayed(Piece((0, 0.5f, 0), (4, 0.5f, 0))), Is.False, "one velocity, on the grid");
        Assert.That(Humanization.WasPlayed(Piece((0, 0.5f, 0), (4, 0.7f, 0))), Is.True);
        Assert.That(Humanization.WasPlayed(Piece((0, 0.5f, 0.1f), (4, 0.5f, 0))), Is.True);
        var played = Piece((0, 0.5f, 0.1f), (4, 0.7f, -0.2f));
        var quantized = Humanization.Quantize(played);
        Assert.That(Humanization.WasPlayed(quantized), Is.False);
        Assert.That(played.Signal[GrooveGrid.OffsetChannel * Steps], Is.EqualTo(0.1f), "the played part is kept");
    }

    [Test]
    public void AHumanizedPieceCarriesTheQuantizedInputItCoded()
    {
        using var backend = new CpuBackend();
        using var trained = TrainedModel.Load(TestModels.Synthetic, backend);
        var played = Piece((0, 0.5f, 0.1f), (4, 0.7f, -0.2f));

        var humanized = Humanization.Humanize(trained, played, 1);

        Assert.That(Humanization.WasPlayed(humanized.QuantizedInput), Is.False);
        Assert.That(humanized.QuantizedInput.Signal, Is.EqualTo(Humanization.Quantize(played).Signal));
        Assert.That(humanized.Quantized.VelocityErrors.Count, Is.EqualTo(2), "both played hits are scored");
        Assert.That(played.Signal[GrooveGrid.OffsetChannel * Steps], Is.EqualTo(0.1f), "the played part is kept");
    }

    [Test]
    public void APieceThatChangesMeterIsScoredBarByBarAsItsMetersLayTheBars()
    {
        // a 3/4 bar and a 4/4 bar [27, 28], two kicks of two velocities in each: chunks of the first bar's 12 steps
        // would split the second bar's kicks apart, and neither part would have two velocities to correlate
        const int steps = 28;
        var signal = new float[GrooveGrid.Channels * steps];
        foreach (var (step, velocity) in new[] { (0, 0.5f), (4, 0.9f), (13, 0.4f), (25, 0.8f) })
            (signal[step], signal[GrooveGrid.VelocityChannel * steps + step]) = (1, velocity);
        var played = new EncodedPiece(signal, GrooveGrid.Channels, steps, 120, new TimeSignature(0, 3, 4))
        {
            Timing = new GrooveTiming([new TempoChange(0, 500_000)],
                [new TimeSignature(0, 3, 4), new TimeSignature(12 * GrooveDecoder.TicksPerStep, 4, 4)]),
        };
        using var backend = new CpuBackend();
        using var trained = TrainedModel.Load(TestModels.Synthetic, backend);

        var humanized = Humanization.Humanize(trained, played, 1);

        Assert.That(humanized.Quantized.VelocityCorrelations.Count, Is.EqualTo(2), "an accent r for each bar");
    }

    [TestCase(CodeEncoder.Gain, "gain")]
    [TestCase(CodeEncoder.Union, "union")]
    public void TheGainAndUnionCodesAreRefused(CodeEncoder encoder, string name)
    {
        using var backend = new CpuBackend();
        using var trained = TrainedModel.Load(TestModels.Synthetic, backend);

        Assert.That(() => Humanization.Humanize(trained, Piece((0, 0.5f, 0)), 1, encoder),
            Throws.ArgumentException.With.Message.EqualTo("humanizing reads a linear decode's velocities and offsets: "
                + $"use the wta or omp encoder, not {name}"));
    }
}
