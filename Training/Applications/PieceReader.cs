using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Reads any MIDI file for a model and refuses the wrong kind with a one-line <see cref="MidiFormatException"/>:
/// for a drum (Groove) model, a file with no drum-channel notes and mostly unmapped pitches (a piano piece) or
/// no mapped drum hits at all; for a piano model, a file whose notes are all on drum channel 10, and for a piano roll
/// one with no note on the 88 keys. What it reads but
/// cannot fully fit (another meter than the model's, notes the drum grid drops, drums or off-keyboard notes given to
/// a piano model) goes to a warning callback.
/// </summary>
public static class PieceReader
{
    /// <summary>
    /// The encoded piece of <paramref name="path"/>, checked against the model's representation; each of
    /// <see cref="Mismatches"/> is passed to <paramref name="warn"/> when given.
    /// </summary>
    public static EncodedPiece Read(TrainedModel trained, string path, Action<string>? warn = null)
        => trained.Representation.Encode(ReadSong(trained, path, warn));

    /// <summary>
    /// The piece of <paramref name="path"/> as windows of its signal (<see cref="IMusicRepresentation.Windows"/>),
    /// checked like <see cref="Read"/>: for a long piece, which is never held as one dense signal.
    /// </summary>
    public static ISignalWindows Windows(TrainedModel trained, string path, Action<string>? warn = null)
        => trained.Representation.Windows(ReadSong(trained, path, warn));

    /// <summary>
    /// The piece of <paramref name="path"/> as windows (<see cref="Windows"/>) when every meter it states is
    /// <paramref name="meter"/>, else null: for a chain that keeps beat positions, which pieces in other meters would
    /// misplace. Warned like <see cref="Windows"/> about the notes the representation drops, not about the meter.
    /// </summary>
    public static ISignalWindows? WindowsIn(TrainedModel trained, string path, TimeSignature meter,
        Action<string>? warn = null)
    {
        var song = ReadSong(trained, path, warn: null);
        if (Meters(song).Any(stated => ModelMeter.Text(stated) != ModelMeter.Text(meter))) return null;
        var kind = trained.Representation.Settings.Kind;
        if (warn is not null)
            foreach (string mismatch in NoteMismatches(kind, song, path)) warn(mismatch);
        return trained.Representation.Windows(song);
    }

    private static MidiSong ReadSong(TrainedModel trained, string path, Action<string>? warn)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(Directory.Exists(path) ? $"{path}: is a folder, not a MIDI file"
                : $"{path}: no such MIDI file");
        var song = MidiReader.Read(path);
        CheckKind(trained.Representation.Settings.Kind, song, path);
        if (warn is not null)
            foreach (string mismatch in Mismatches(trained, song, path)) warn(mismatch);
        return song;
    }

    // the meters song is played in: 4/4 first where it states none at its start
    private static IReadOnlyList<TimeSignature> Meters(MidiSong song)
        => song.TimeSignatures.Count > 0 && song.TimeSignatures[0].Tick == 0
            ? song.TimeSignatures
            : [TimeSignature.Default, .. song.TimeSignatures];

    /// <summary>
    /// What of <paramref name="song"/> the model reads but was not trained on, one line each: meters other than the
    /// model's (<see cref="TrainedModel.Meter"/>); for a drum model the notes on pitches its grid does not map; for a
    /// piano model drum-channel notes (read as keys) and, for the rolls, notes outside the 88 keys (left out).
    /// </summary>
    public static IEnumerable<string> Mismatches(TrainedModel trained, MidiSong song, string path)
    {
        var others = Meters(song).Select(ModelMeter.Text)
            .Where(meter => trained.Meter is not null && meter != trained.Meter).Distinct().ToList();
        if (others.Count > 0)
            yield return $"{path} is in {string.Join(", ", others.Select(ModelMeter.Shown))}, the model was trained on "
                + $"{ModelMeter.Shown(trained.Meter!)} bars: its atoms will not line up with these bars";
        foreach (string mismatch in NoteMismatches(trained.Representation.Settings.Kind, song, path))
            yield return mismatch;
    }

    // the notes of song that a representation of kind drops or reads as something else, one line each
    private static IEnumerable<string> NoteMismatches(RepresentationKind kind, MidiSong song, string path)
    {
        if (kind == RepresentationKind.Groove)
        {
            // the grid reads channel 10 alone: a bass line on mapped pitches was once left out without a word
            int offChannel = song.Notes.Count(n => n.Channel != MidiNote.DrumChannel);
            if (offChannel > 0)
                yield return $"{path}: {offChannel} of {song.Notes.Count} notes are off the drum channel 10; the "
                    + "drum grid reads channel 10 alone and leaves them out";
            int unmapped = song.Notes.Count(n => n.Channel == MidiNote.DrumChannel && DrumMapping.ClassOf(n.Pitch) < 0);
            if (unmapped > 0)
                yield return $"{path}: {unmapped} of {song.Notes.Count} notes are on drum pitches the grid does not "
                    + "map; they are left out";
            yield break;
        }
        int drums = song.Notes.Count(n => n.Channel == MidiNote.DrumChannel);
        if (drums > 0)
            yield return $"{path}: {drums} of {song.Notes.Count} notes are drums (channel 10); this piano model reads "
                + "them as piano keys";
        int offKeyboard = song.Notes.Count(n => !PianoRoll.IsKey(n.Pitch));
        if (offKeyboard > 0 && kind is RepresentationKind.Pianoroll or RepresentationKind.OnsetRoll)
            yield return $"{path}: {offKeyboard} of {song.Notes.Count} notes lie outside the "
                + "piano's 88 keys (A0 to C8); "
                + "the roll leaves them out";
    }

    /// <summary>
    /// Throws when <paramref name="song"/> is plainly not the kind of music <paramref name="kind"/> encodes.
    /// </summary>
    public static void CheckKind(RepresentationKind kind, MidiSong song, string path)
    {
        if (song.Notes.Count == 0) throw new MidiFormatException(path, "has no notes");
        bool anyDrumChannel = song.Notes.Any(n => n.Channel == MidiNote.DrumChannel);
        if (kind == RepresentationKind.Groove)
        {
            int mapped = song.Notes.Count(n => DrumMapping.ClassOf(n.Pitch) >= 0);
            if (!anyDrumChannel && mapped * 2 < song.Notes.Count)
                throw new MidiFormatException(path,
                    $"looks like a melodic file, not drums: no notes on channel 10 and only {mapped} of "
                    + $"{song.Notes.Count} notes on mapped drum pitches; this is a drum model");
        }
        else if (song.Notes.All(n => n.EndTick <= n.StartTick))
            throw new MidiFormatException(path,
                $"has {song.Notes.Count} notes, all of zero length (each ends at the tick it starts): a piano "
                + "model has nothing to code");
        else if (song.Notes.All(n => n.Channel == MidiNote.DrumChannel))
            throw new MidiFormatException(path,
                $"has only drum notes (channel 10); this model was trained on piano ({kind})");
        else if (kind is RepresentationKind.Pianoroll or RepresentationKind.OnsetRoll
                 && !song.Notes.Any(n => PianoRoll.IsKey(n.Pitch)))
            throw new MidiFormatException(path,
                "has no notes on the piano's 88 keys (A0 to C8); its roll would be empty, nothing to code");
    }
}
