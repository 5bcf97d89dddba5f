using System.Globalization;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Midi.Audio;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// The files one command writes (its MIDI, --plot, --wav, a second MIDI such as --noisy-out), gathered as the work goes
/// and written together at the end (<see cref="AtomicFile.WriteAll"/>): a failure in any of them, or before, leaves
/// every file as it was. Each file's "wrote ..." line is printed once all of them are in place.
/// </summary>
public sealed class OutputSet
{
    private readonly List<(string Path, Action<Stream> WriteContents)> _files = [];
    private readonly List<Action> _reports = [];
    private readonly Dictionary<string, byte[]> _midi = [];

    /// <summary>
    /// Adds <paramref name="song"/> as the MIDI file <paramref name="path"/> (a song MIDI cannot hold is refused here,
    /// before any file is touched) with the line <paramref name="report"/>, "wrote PATH" when not given.
    /// </summary>
    public void AddMidi(MidiSong song, string path, string? report = null)
    {
        byte[] contents = MidiOutput.BytesOf(song, path);
        _files.Add(AtomicFile.Bytes(path, contents));
        _midi[Path.GetFullPath(path)] = contents;
        _reports.Add(() => Console.WriteLine(report ?? $"wrote {path}"));
    }

    /// <summary>Adds a drawing made up front as the PNG file <paramref name="path"/>, reported with what it shows.
    /// </summary>
    public void AddPng(string path, byte[] png, string shows)
    {
        _files.Add(AtomicFile.Bytes(path, png));
        _reports.Add(() => Console.WriteLine($"wrote {path} ({shows})"));
    }

    /// <summary>
    /// Adds the MIDI files <paramref name="pieces"/> rendered one after another, a second of silence between two, as
    /// the WAV file <paramref name="path"/> (<see cref="NoteSynthesizer"/>), rendered straight into the file when the
    /// set is written; the report says it holds <paramref name="contents"/>. A piece this set writes is read as its
    /// file will read back, any other from disk, so what is heard is what the files hold. With
    /// <paramref name="refuseSilence"/> pieces without a note are a <see cref="MidiFormatException"/>: a file rendered
    /// for its own sake would be silence (a command's output without notes is still heard as the silence it is).
    /// </summary>
    public void AddWav(string path, IReadOnlyList<string> pieces, string contents, bool refuseSilence = false)
    {
        var timeline = new AudioTimeline();
        foreach (string piece in pieces)
        {
            var song = _midi.TryGetValue(Path.GetFullPath(piece), out var written)
                ? MidiReader.Parse(written, piece)
                : MidiReader.Read(piece);
            if (refuseSilence && song.Notes.Count == 0)
                throw new MidiFormatException(piece, "has no notes; its audio would be silence");
            timeline.Append(AudioNote.FromSong(song), song.DurationSeconds);
        }
        var render = default(AudioRender);
        _files.Add((path, wav => render = NoteSynthesizer.Render(timeline.Notes, timeline.Seconds, wav)));
        _reports.Add(() =>
        {
            if (render.SkippedDrumHits > 0)
                ApplicationOptions.Warn(
                    $"{render.SkippedDrumHits} drum hits are of pitches in no drum class and are not heard");
            if (render.CutVoices > 0)
                ApplicationOptions.Warn($"{render.CutVoices} notes were cut short: more than "
                    + $"{NoteSynthesizer.MaxVoices} sounded at once, and each new one past that ends the oldest");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path} ({contents}: {render.Seconds:0.#} s, {render.Notes} notes{Limited(render)})"));
        });
    }

    /// <summary>Writes every file added, all or none, then prints their lines in the order they were added.</summary>
    public void Write()
    {
        AtomicFile.WriteAll(_files);
        foreach (var report in _reports) report();
    }

    // ", loud passages turned down by the limiter (peak 2.3 × full scale)" when the mix would have clipped
    private static string Limited(AudioRender render) => render.PeakBeforeLimiter <= SoftLimiter.Ceiling ? ""
        : string.Create(CultureInfo.InvariantCulture,
            $", loud passages turned down by the limiter (peak {render.PeakBeforeLimiter:0.##} × full scale)");
}
