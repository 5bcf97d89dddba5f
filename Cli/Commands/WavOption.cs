using System.CommandLine;
using TcnWtaNative.Midi.Audio;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "--wav FILE.wav" for the commands that write MIDI: the written MIDI also rendered as audio to listen to
/// (<see cref="NoteSynthesizer"/>). On the commands that turn an input into an output, "--wav-with-input" plays the
/// input file first, then a second of silence, then the output.
/// </summary>
public sealed class WavOption
{
    public Option<string?> Path { get; } = new("--wav")
    {
        Description = "Also write the output as audio to listen to (16-bit mono 44.1 kHz WAV)",
    };

    public Option<bool> WithInput { get; } = new("--wav-with-input")
    {
        Description = "With --wav: the input first, then a second of silence, then the output",
    };

    /// <summary>Adds --wav to a command, and --wav-with-input where the command has an input to compare with.</summary>
    public void AddTo(Command command, bool withInput)
    {
        command.Add(Path);
        if (withInput) command.Add(WithInput);
    }

    /// <summary>The --wav file, or null.</summary>
    public string? File(ParseResult parse) => parse.GetValue(Path);

    /// <summary>
    /// Refuses a --wav that is not a .wav file, and --wav-with-input without --wav, before any work is done.
    /// </summary>
    public void Check(ParseResult parse)
    {
        if (File(parse) is string path) RequireWavFile(path, "--wav");
        if (parse.GetValue(WithInput) && File(parse) is null)
            throw new ArgumentException("--wav-with-input needs --wav");
    }

    /// <summary>Refuses a <paramref name="path"/> for <paramref name="what"/> that does not end in .wav.</summary>
    public static void RequireWavFile(string path, string what)
    {
        if (!path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{what} writes a WAV file; give a file ending in .wav, not '{path}'");
    }

    /// <summary>
    /// When --wav was given, adds to <paramref name="outputs"/> the audio of the MIDI file <paramref name="output"/>
    /// (after the MIDI file <paramref name="input"/> and a second of silence with --wav-with-input).
    /// </summary>
    public void AddIfGiven(ParseResult parse, OutputSet outputs, string input, string output)
    {
        if (parse.GetValue(WithInput))
            AddIfGiven(parse, outputs, [input, output], "the input, a second of silence, then the output");
        else AddIfGiven(parse, outputs, [output], "the output");
    }

    /// <summary>
    /// When --wav was given, adds to <paramref name="outputs"/> the audio of the MIDI files <paramref name="pieces"/>,
    /// one after another, which it says are <paramref name="contents"/>.
    /// </summary>
    public void AddIfGiven(ParseResult parse, OutputSet outputs, IReadOnlyList<string> pieces, string contents)
    {
        if (File(parse) is string path) outputs.AddWav(path, pieces, contents);
    }
}
