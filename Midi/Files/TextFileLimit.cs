using System.Text;

namespace TcnWtaNative.Midi.Files;

/// <summary>
/// Reads a small text file whole (a config, a metadata or dataset CSV) up to <see cref="MaxBytes"/>, so a wrong path
/// (a 3 GB file, /dev/zero) is one clear error instead of an out-of-memory stop. The text is UTF-8 unless a byte
/// order mark says otherwise, as File.ReadAllText reads it.
/// </summary>
public static class TextFileLimit
{
    /// <summary>The largest text file read: MAESTRO's metadata CSV is under 1 MB, a config a few kB.</summary>
    public const int MaxBytes = 64 << 20;

    /// <summary>The text of <paramref name="path"/>, a <paramref name="kind"/> ("config file") for messages.</summary>
    public static string Read(string path, string kind)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        if (reader.BaseStream.CanSeek && reader.BaseStream.Length > MaxBytes) throw TooLarge(path, kind);
        var text = new StringBuilder();
        var block = new char[1 << 16];
        for (int read; (read = reader.Read(block)) > 0;)
        {
            if (text.Length + read > MaxBytes) throw TooLarge(path, kind);
            text.Append(block, 0, read);
        }
        return text.ToString();
    }

    private static InvalidDataException TooLarge(string path, string kind)
        => new($"{path}: over {MaxBytes >> 20} MB, too large for a {kind}");
}
