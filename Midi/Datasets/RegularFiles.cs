using System.Runtime.InteropServices;
using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Datasets;

/// <summary>
/// The check, before a listed file is opened, that it is a regular file: opening a FIFO blocks until something writes
/// to it, so a FIFO, device or socket in a dataset would hang the command instead of being skipped. Symbolic links are
/// followed (a link to a MIDI file is one); a path that does not exist passes, for the reader to name.
/// </summary>
public static partial class RegularFiles
{
    // the file type bits of the runtime's own stat (System.Native's FileStatus.Mode, the same on every Unix)
    private const int TypeMask = 0xF000, Fifo = 0x1000, CharacterDevice = 0x2000, Folder = 0x4000,
        BlockDevice = 0x6000, Regular = 0x8000, Socket = 0xC000;

    /// <summary>
    /// Throws a <see cref="MidiFormatException"/> "not a regular file (a FIFO)" (or a device, a socket) for a path
    /// that is one; on Windows, which has no such files among paths, nothing is checked.
    /// </summary>
    public static void Check(string path)
    {
        if (OperatingSystem.IsWindows() || Stat(path, out var status) != 0) return;
        string? kind = (status.Mode & TypeMask) switch
        {
            Regular or Folder => null,
            Fifo => "a FIFO",
            CharacterDevice or BlockDevice => "a device",
            Socket => "a socket",
            _ => "of an unknown kind",
        };
        if (kind is not null) throw new MidiFormatException(path, $"not a regular file ({kind})");
    }

    // the leading fields of System.Native's FileStatus; Size leaves room for the rest (about 120 bytes)
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, out FileStatus status);
}
