using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Writes MIDI files the way every output is written (<see cref="AtomicFile"/>): the song's bytes are made first, so a
/// song MIDI cannot hold is refused before any file is touched, then written beside the target and renamed over it.
/// The MIDI library itself only makes bytes (<see cref="MidiWriter"/>) and so needs no file machinery of its own.
/// </summary>
public static class MidiOutput
{
    /// <summary>Writes <paramref name="song"/> to <paramref name="path"/>.</summary>
    public static void Write(MidiSong song, string path) => AtomicFile.WriteAll([Entry(song, path)]);

    /// <summary>
    /// The file's contents for <see cref="AtomicFile.WriteAll"/>, for MIDI files written as part of a set.
    /// </summary>
    public static (string Path, Action<Stream> WriteContents) Entry(MidiSong song, string path)
        => AtomicFile.Bytes(path, BytesOf(song, path));

    /// <summary>The song's bytes as a MIDI file; a song MIDI cannot hold is an error naming the file.</summary>
    public static byte[] BytesOf(MidiSong song, string path)
    {
        try { return MidiWriter.ToBytes(song); }
        catch (ArgumentException error) { throw new ArgumentException($"{path}: {error.Message}", error); }
    }
}
