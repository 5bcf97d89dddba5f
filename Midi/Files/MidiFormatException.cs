namespace TcnWtaNative.Midi.Files;

/// <summary>
/// A MIDI file that cannot be used: unreadable, structurally broken, unsupported, or without the notes an encoder
/// needs. The message is always "FILE: what is wrong", one line, with no inner exception text in it, so the CLI
/// can print it as it is and a dataset loader can list it as the reason a file was skipped. It is a
/// <see cref="FormatException"/> (which the CLI treats as a user error) because <see cref="InvalidDataException"/> is
/// sealed.
/// </summary>
public sealed class MidiFormatException : FormatException
{
    /// <summary>Creates the error for <paramref name="file"/> with a plain-words <paramref name="problem"/>.</summary>
    public MidiFormatException(string file, string problem) : base($"{file}: {problem}")
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The file as the caller named it.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
