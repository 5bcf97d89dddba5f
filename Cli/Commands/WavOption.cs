using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Midi.Audio;
using TcnWtaNative.Midi.Files;

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
    /// When --wav was given, renders the MIDI file <paramref name="output"/> (after <paramref name="input"/> and a
    /// second of silence with --wav-with-input) and says where.
    /// </summary>
    public void SaveIfGiven(ParseResult parse, string input, string output)
    {
        if (File(parse) is null) return;
        bool both = parse.GetValue(WithInput);
        if (both) Save(File(parse)!, [input, output], "the input, a second of silence, then the output");
        else Save(File(parse)!, [output], "the output");
    }

    /// <summary>
    /// When --wav was given, renders the MIDI files <paramref name="pieces"/> one after another and says where.
    /// </summary>
    public void SaveIfGiven(ParseResult parse, IReadOnlyList<string> pieces, string contents)
    {
        if (File(parse) is string path) Save(path, pieces, contents);
    }

    /// <summary>
    /// Renders <paramref name="pieces"/>, a second of silence between two, to <paramref name="path"/>, written whole or
    /// not at all (<see cref="AtomicFile"/>).
    /// </summary>
    public static AudioRender Save(string path, IReadOnlyList<string> pieces, string contents)
    {
        var timeline = new AudioTimeline();
        foreach (string piece in pieces)
        {
            var song = MidiReader.Read(piece);
            timeline.Append(AudioNote.FromSong(song), song.DurationSeconds);
        }
        var render = default(AudioRender);
        AtomicFile.Write(path, wav => render = NoteSynthesizer.Render(timeline.Notes, timeline.Seconds, wav));
        if (render.SkippedDrumHits > 0)
            ApplicationOptions.Warn(
                $"{render.SkippedDrumHits} drum hits are of pitches in no drum class and are not heard");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {path} ({contents}: {render.Seconds:0.#} s, {render.Notes} notes{Limited(render)})"));
        return render;
    }

    // ", turned down by the limiter (peak 2.3 × full scale)" when the mix would have clipped
    private static string Limited(AudioRender render) => render.PeakBeforeLimiter <= SoftLimiter.Ceiling ? ""
        : string.Create(CultureInfo.InvariantCulture,
            $", loud passages turned down by the limiter (peak {render.PeakBeforeLimiter:0.##} × full scale)");
}
