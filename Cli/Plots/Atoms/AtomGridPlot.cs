using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Cli.Plots.Atoms;

/// <summary>A dictionary as a PNG: drum grids for Groove atoms, else piano rolls of the notes they decode to.</summary>
public static class AtomGridPlot
{
    /// <summary>
    /// Draws the <paramref name="captions"/>' atoms; <paramref name="played"/> gives atom n as the signal [C, K] it
    /// plays (<paramref name="length"/> = K), decoded through <paramref name="representation"/>.
    /// </summary>
    public static void Save(AtomCaptions captions, Func<int, float[]> played, int length,
        IMusicRepresentation representation, string path)
    {
        if (representation.Settings.Kind == RepresentationKind.Groove)
            DrumAtomGridPlot.Save(captions, played, length, path);
        else
            PianoAtomGridPlot.Save(captions, n => representation.ToNotes(played(n), length, PieceTempo),
                length / representation.StepsPerSecond(PieceTempo), path);
    }

    // piano encodings keep 120 bpm (see EncodedPiece); their frame rate does not depend on it
    private const double PieceTempo = 120;
}
