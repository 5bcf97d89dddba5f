using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Cli.Plots.Comparison;

/// <summary>What became of a note of the input in the output, or of a note of the output.</summary>
public enum NoteFate { Kept, Missed, Added }

/// <summary>
/// A note on a comparison picture: from <see cref="Start"/> to <see cref="End"/> in the picture's time unit, on row
/// <see cref="Row"/>.
/// </summary>
public readonly record struct PlacedNote(double Start, double End, int Row, NoteFate Fate);

/// <summary>
/// What a comparison plot draws: an input and an output side by side as piano rolls on the same rows (drum names, or
/// pitches) and times (16th steps for drums, seconds for piano), every note marked kept, missed (input only) or added
/// (output only), as <see cref="NoteComparison"/> matches them. <see cref="BarLength"/>: the time between bar lines
/// (drums).
/// </summary>
public sealed record ComparisonPicture(string InputTitle, string OutputTitle, string TimeLabel,
    IReadOnlyList<(int Row, string Label)> RowTicks, int Rows, IReadOnlyList<PlacedNote> Input,
    IReadOnlyList<PlacedNote> Output, double? BarLength = null)
{
    private const int MostNamedPitches = 24;

    /// <summary>Legend lines with counts: "kept, in both (12)", "missed, input only (3)", "added, ...".</summary>
    public IReadOnlyList<(NoteFate Fate, string Label)> Legend() =>
    [
        (NoteFate.Kept, $"kept, in both ({Input.Count(n => n.Fate == NoteFate.Kept)})"),
        (NoteFate.Missed, $"missed, input only ({Input.Count(n => n.Fate == NoteFate.Missed)})"),
        (NoteFate.Added, $"added, output only ({Output.Count(n => n.Fate == NoteFate.Added)})"),
    ];

    /// <summary>
    /// The picture of <paramref name="output"/> [C, piece.Length] against <paramref name="piece"/>, both decoded to
    /// notes by <paramref name="representation"/>; the titles name the two sides.
    /// </summary>
    public static ComparisonPicture Of(IMusicRepresentation representation, EncodedPiece piece, float[] output,
        string inputTitle, string outputTitle)
        => Of(representation, representation.ToNotes(piece.Signal, piece.Length, piece.Bpm),
            representation.ToNotes(output, piece.Length, piece.Bpm), piece.Bpm, piece.Meter, inputTitle, outputTitle);

    /// <summary>
    /// The picture of the notes <paramref name="estimate"/> against <paramref name="reference"/>, as
    /// <paramref name="representation"/> read them from a piece at <paramref name="bpm"/> in <paramref name="meter"/>.
    /// </summary>
    public static ComparisonPicture Of(IMusicRepresentation representation, IReadOnlyList<TimedNote> reference,
        IReadOnlyList<TimedNote> estimate, double bpm, TimeSignature meter, string inputTitle, string outputTitle)
    {
        var comparison = NoteComparison.Of(reference, estimate);
        bool drums = representation.Settings.Kind == RepresentationKind.Groove;
        double timeScale = drums ? representation.StepsPerSecond(bpm) : 1;
        var pitches = reference.Concat(estimate).Select(n => n.Pitch).ToList();
        int lowest = drums || pitches.Count == 0 ? 0 : pitches.Min();
        int Row(TimedNote note) => drums ? DrumMapping.ClassOf(note.Pitch) : note.Pitch - lowest;
        IEnumerable<PlacedNote> Place(IEnumerable<TimedNote> notes, NoteFate fate)
            => notes.Select(n => new PlacedNote(n.Start * timeScale, n.End * timeScale, Row(n), fate));
        var ticks = drums
            ? DrumMapping.ClassNames.Select((name, row) => (row, name)).ToList()
            : [.. PitchNames.Landmarks(pitches, MostNamedPitches).Select(p => (p.Pitch - lowest, p.Name))];
        int rows = drums ? DrumMapping.ClassCount : pitches.Count == 0 ? 1 : pitches.Max() - lowest + 1;
        double? barSteps = drums
            ? (double)GrooveGrid.StepsPerWholeNote * meter.Numerator / meter.Denominator : null;
        string timeLabel = drums ? "time (16th steps; a line at each bar)" : "time (s)";
        return new ComparisonPicture(inputTitle, outputTitle, timeLabel, ticks, rows,
            [.. Place(comparison.Kept, NoteFate.Kept), .. Place(comparison.Missed, NoteFate.Missed)],
            [.. Place(comparison.KeptAsPlayed, NoteFate.Kept), .. Place(comparison.Added, NoteFate.Added)], barSteps);
    }
}
