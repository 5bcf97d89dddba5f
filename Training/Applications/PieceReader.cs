using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Reads any MIDI file for a model and refuses the wrong kind with a one-line <see cref="MidiFormatException"/>:
/// for a drum (Groove) model, a file with no drum-channel notes and mostly unmapped pitches (a piano piece) or
/// no mapped drum hits at all; for a piano model, a file whose notes are all on drum channel 10.
/// </summary>
public static class PieceReader
{
    /// <summary>MIDI channel 10, 0-based: General MIDI drums.</summary>
    private const int DrumChannel = 9;

    /// <summary>The encoded piece of <paramref name="path"/>, checked against the model's representation.</summary>
    public static EncodedPiece Read(TrainedModel trained, string path) => trained.Representation.Encode(ReadSong(trained, path));

    /// <summary>
    /// The piece of <paramref name="path"/> as windows of its signal (<see cref="IMusicRepresentation.Windows"/>), checked
    /// like <see cref="Read"/>: for a long piece, which is never held as one dense signal.
    /// </summary>
    public static ISignalWindows Windows(TrainedModel trained, string path) => trained.Representation.Windows(ReadSong(trained, path));

    private static MidiSong ReadSong(TrainedModel trained, string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such MIDI file");
        var song = MidiReader.Read(path);
        CheckKind(trained.Representation.Settings.Kind, song, path);
        return song;
    }

    /// <summary>Throws when <paramref name="song"/> is plainly not the kind of music <paramref name="kind"/> encodes.</summary>
    public static void CheckKind(RepresentationKind kind, MidiSong song, string path)
    {
        if (song.Notes.Count == 0) throw new MidiFormatException(path, "has no notes");
        bool anyDrumChannel = song.Notes.Any(n => n.Channel == DrumChannel);
        if (kind == RepresentationKind.Groove)
        {
            int mapped = song.Notes.Count(n => DrumMapping.ClassOf(n.Pitch) >= 0);
            if (!anyDrumChannel && mapped * 2 < song.Notes.Count)
                throw new MidiFormatException(path, $"looks like a melodic file, not drums: no notes on channel 10 and only {mapped} of {song.Notes.Count} notes on mapped drum pitches; this model was trained on Groove drums");
        }
        else if (song.Notes.All(n => n.Channel == DrumChannel))
            throw new MidiFormatException(path, $"has only drum notes (channel 10); this model was trained on piano ({kind})");
    }
}
