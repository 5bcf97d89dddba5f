using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta midi inspect [--json] FILE...": format, tracks, ticks per quarter, tempos, meters, duration, note count
/// (note-ons with velocity above 0), pitch range and channels of each file. A file that cannot be read prints
/// "error: FILE: what is wrong" on stderr and the next file follows; the exit code is 1 when any file failed.
/// A valid file without notes is reported with 0 notes, not as an error.
/// </summary>
public static class MidiInspectCommand
{
    private const int MaxListed = 8;

    public static Command Create()
    {
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object per file, one per line (JSON Lines)",
        };
        var files = new Argument<string[]>("FILE")
        {
            Description = "MIDI files (.mid, .midi)",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("inspect",
            "Show format, tracks, ticks per quarter, tempos, meters, duration, notes, pitch range "
            + "and channels of MIDI files")
        {
            json, files,
        };
        command.SetGuardedAction(parse =>
        {
            bool failed = false;
            foreach (string file in parse.GetValue(files)!)
            {
                try
                {
                    var song = MidiReader.Read(file);
                    Console.WriteLine(parse.GetValue(json) ? Json(file, song) : Text(file, song));
                }
                catch (MidiFormatException e)
                {
                    Console.Error.WriteLine($"error: {PrintableText.Of(e.Message)}");
                    failed = true;
                }
            }
            return failed ? 1 : 0;
        });
        return command;
    }

    private static string Text(string file, MidiSong song)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            file,
            $"  format {song.Format}, {song.TrackCount} track{(song.TrackCount == 1 ? "" : "s")}, "
            + $"{song.TicksPerQuarter} ticks per quarter",
            "  tempo    "
                + Listed(
                    song.Tempo.Changes.Select(
                        t => string.Create(inv, $"{t.Bpm:0.##} bpm at {song.Tempo.ToSeconds(t.Tick):0.###} s"))
                        .ToList()),
            "  meter    " + (song.TimeSignatures.Count == 0 ? "none (4/4)"
                : Listed(
                    song.TimeSignatures.Select(
                        m => string.Create(inv, $"{m} at {song.Tempo.ToSeconds(m.Tick):0.###} s")).ToList())),
            string.Create(inv, $"  duration {song.DurationSeconds:0.###} s, {song.Notes.Count} notes")
                + (song.Notes.Count == 0 ? ""
                : $", pitches {song.Notes.Min(n => n.Pitch)}-{song.Notes.Max(n => n.Pitch)}, "
                + $"channel{(Channels(song).Length == 1 ? "" : "s")} {string.Join(' ', Channels(song))}"),
        };
        return string.Join(Environment.NewLine, lines);
    }

    private static string Listed(List<string> items)
        => items.Count <= MaxListed ? string.Join(", ", items)
            : string.Join(", ", items.Take(MaxListed)) + $", ... ({items.Count} in all)";

    private static int[] Channels(MidiSong song) => [.. song.Notes.Select(n => n.Channel + 1).Distinct().Order()];

    private static string Json(string file, MidiSong song) => JsonSerializer.Serialize(new
    {
        file,
        format = song.Format,
        tracks = song.TrackCount,
        ticks_per_quarter = song.TicksPerQuarter,
        tempos = song.Tempo.Changes.Select(t => new { seconds = song.Tempo.ToSeconds(t.Tick), bpm = t.Bpm }),
        meters = song.TimeSignatures.Select(
            m => new { seconds = song.Tempo.ToSeconds(m.Tick), numerator = m.Numerator, denominator = m.Denominator }),
        duration_seconds = song.DurationSeconds,
        notes = song.Notes.Count,
        lowest_pitch = song.Notes.Count == 0 ? (int?)null : song.Notes.Min(n => n.Pitch),
        highest_pitch = song.Notes.Count == 0 ? (int?)null : song.Notes.Max(n => n.Pitch),
        channels = Channels(song),
    });
}
