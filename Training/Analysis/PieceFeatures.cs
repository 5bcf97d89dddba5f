using System.Diagnostics;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// A piece as two fixed-size feature rows: <see cref="MeanCode"/>, its mean sparse code column [N] through the
/// model, and <see cref="Baseline"/>, a model-free summary computed the same way for every model: the share of
/// hits of each of the 9 drum classes for drums, the share of notes of each of the 12 pitch classes for piano.
/// </summary>
public sealed record PieceFeatures(LabeledPiece Piece, double[] MeanCode, double[] Baseline)
{
    /// <summary>Every piece's features, the files that could not be read with why, and the time encoding took.</summary>
    public sealed record Table(IReadOnlyList<PieceFeatures> Rows, IReadOnlyList<string> Skipped, TimeSpan Elapsed, long Steps);

    /// <summary>The name of the baseline used with a representation.</summary>
    public static string BaselineName(RepresentationKind kind) => kind == RepresentationKind.Groove ? "drum-class histogram" : "pitch-class histogram";

    /// <summary>
    /// Reads and encodes each piece, one at a time so a long piano piece's signal is freed before the next. With
    /// <paramref name="maxSteps"/> &gt; 0 only the first that many steps of each signal go through the model.
    /// A file that is not valid MIDI (or holds no notes the encoding can use) is skipped with its reason.
    /// </summary>
    public static Table Extract(TrainedModel model, IReadOnlyList<LabeledPiece> pieces, int maxSteps = 0, IProgress<int>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var rows = new List<PieceFeatures>(pieces.Count);
        var skipped = new List<string>();
        long steps = 0;
        for (int i = 0; i < pieces.Count; i++)
        {
            try
            {
                var song = MidiReader.Read(pieces[i].Path);
                var encoded = model.Representation.Encode(song);
                steps += maxSteps > 0 ? Math.Min(maxSteps, encoded.Length) : encoded.Length;
                rows.Add(new PieceFeatures(pieces[i], MeanCodeOf(model.Model, encoded, maxSteps), BaselineOf(model.Representation.Settings.Kind, song)));
            }
            catch (MidiFormatException error)
            {
                skipped.Add(error.Message);
            }
            progress?.Report(i + 1);
        }
        return new Table(rows, skipped, clock.Elapsed, steps);
    }

    /// <summary>The mean code column [N] of a piece, over its first <paramref name="maxSteps"/> steps when that is positive.</summary>
    public static double[] MeanCodeOf(Autoencoder model, EncodedPiece piece, int maxSteps = 0)
    {
        int length = maxSteps > 0 ? Math.Min(maxSteps, piece.Length) : piece.Length;
        var signal = SignalRows.TrimToLength(piece.Signal, piece.Channels, piece.Length, length);
        return [.. model.Encode(signal, length).MeanColumn().Select(v => (double)v)];
    }

    /// <summary>The baseline row for a representation: drum classes for Groove, pitch classes for piano.</summary>
    public static double[] BaselineOf(RepresentationKind kind, MidiSong song)
        => kind == RepresentationKind.Groove ? DrumClassHistogram(song) : PitchClassHistogram(song);

    /// <summary>Hits of each drum class (<see cref="DrumMapping"/>) over all mapped hits [9]; unmapped pitches are ignored.</summary>
    public static double[] DrumClassHistogram(MidiSong song)
        => Normalize(song.Notes.Select(n => DrumMapping.ClassOf(n.Pitch)).Where(c => c >= 0), DrumMapping.ClassCount);

    /// <summary>Notes of each pitch class C, C#, ..., B over all notes [12].</summary>
    public static double[] PitchClassHistogram(MidiSong song) => Normalize(song.Notes.Select(n => n.Pitch % 12), 12);

    private static double[] Normalize(IEnumerable<int> bins, int count)
    {
        var histogram = new double[count];
        int total = 0;
        foreach (int bin in bins) { histogram[bin]++; total++; }
        if (total > 0) for (int b = 0; b < count; b++) histogram[b] /= total;
        return histogram;
    }
}
