using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Datasets;

/// <summary>
/// The check, before a dataset's or a --data folder's file is opened, that it holds bytes to read: opening a FIFO
/// blocks until something writes to it, so a FIFO, device or socket among them would hang the command instead of
/// being skipped. The file system gives each of those a size of 0, as it does an empty file, and no MIDI file is
/// empty, so a size of 0 is refused without opening the file (.NET offers no public way to ask a path's file type).
/// A path that does not exist passes, for the reader to name. A MIDI file named on its own is read as given, a pipe
/// included (process substitution, /dev/stdin), and stays for <see cref="MidiReader"/>.
/// </summary>
public static class RegularFiles
{
    /// <summary>The problem a file of 0 bytes is skipped with.</summary>
    public const string Problem = "empty file (0 bytes), or not a regular file (a FIFO or a device)";

    /// <summary>Throws a <see cref="MidiFormatException"/> (<see cref="Problem"/>) for a path of size 0.</summary>
    public static void Check(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length == 0) throw new MidiFormatException(path, Problem);
    }
}
