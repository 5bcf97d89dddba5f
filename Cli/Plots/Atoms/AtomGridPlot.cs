using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Cli.Plots.Atoms;

/// <summary>A dictionary as a PNG: drum grids for Groove atoms, else piano rolls of the notes they decode to.</summary>
public static class AtomGridPlot
{
    /// <summary>
    /// Draws the <paramref name="captions"/>' atoms as a PNG's bytes; <paramref name="played"/> gives atom n as the
    /// signal [C, K] it plays (<paramref name="length"/> = K), decoded through <paramref name="representation"/>.
    /// </summary>
    public static byte[] Png(AtomCaptions captions, Func<int, float[]> played, int length,
        IMusicRepresentation representation)
        => representation.Settings.Kind == RepresentationKind.Groove
            ? DrumAtomGridPlot.Png(captions, played, length)
            : PianoAtomGridPlot.Png(captions, n => representation.ToNotes(played(n), length, PieceTempo),
                length / representation.StepsPerSecond(PieceTempo));

    // piano encodings keep 120 bpm (see EncodedPiece); their frame rate does not depend on it
    private const double PieceTempo = 120;
}
