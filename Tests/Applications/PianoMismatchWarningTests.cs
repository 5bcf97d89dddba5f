using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;
using static TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano.SyntheticPiano;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// A piano model warns, one line each, about what of a file it reads but was not trained on: drum-channel notes
/// (read as keys) and notes outside the 88 keys (left out by the roll); a plain piano file is no warning.
/// </summary>
[NonParallelizable]
public class PianoMismatchWarningTests
{
    private string _folder = null!, _model = null!;

    [OneTimeSetUp]
    public void SaveModel()
    {
        _folder = Folder(("train", Figure(60, 64, repeats: 2)));
        _model = Path.Combine(_folder, "model.safetensors");
        using var backend = new CpuBackend();
        using var model = TiedModel(backend, [FirstFrame(Piece(Figure(60, 64, repeats: 1)))], k: 1);
        Save(_model, model);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_folder, true);

    private static string Warnings(string stderr)
        => string.Join('\n', stderr.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal))).Trim();

    private string Reconstruct(string input)
    {
        var (exit, _, stderr) = CliRunner.Run("reconstruct", "--model", _model, "--input", input, "--out",
            Path.Combine(_folder, "out.mid"), "--overwrite", "--device", "cpu");
        Assert.That(exit, Is.EqualTo(0), stderr);
        return Warnings(stderr);
    }

    [Test]
    public void DrumsAndNotesOffTheKeyboardAreWarnedAboutAndAPlainPianoFileIsNot()
    {
        var piano = PianoMidi.ToSong(Figure(60, 64, repeats: 4));
        string plain = Path.Combine(_folder, "plain.mid"), mixed = Path.Combine(_folder, "mixed.mid");
        MidiOutput.Write(piano, plain);
        // two drum hits on channel 10 and one note below A0
        var extra = new[] { new MidiNote(9, 36, 100, 0, 100), new MidiNote(9, 38, 100, 200, 300),
            new MidiNote(0, 12, 90, 0, 400) };
        var song = new MidiSong("mixed", 1, 2, piano.Tempo, piano.TimeSignatures, [.. piano.Notes, .. extra], [], 0);
        MidiOutput.Write(song, mixed);
        int total = piano.Notes.Count + extra.Length;

        Assert.That(Reconstruct(plain), Is.Empty);
        Assert.That(Reconstruct(mixed).Split('\n'), Is.EqualTo(new[]
        {
            $"warning: {mixed}: 2 of {total} notes are drums (channel 10); this piano model reads them as piano keys",
            $"warning: {mixed}: 1 of {total} notes lie outside the piano's 88 keys (A0 to C8); "
            + "the roll leaves them out",
        }));
    }

    // "a piece needs at least one step to be coded" named neither the file nor the cause
    [Test]
    public void AFileOfZeroLengthNotesIsOneErrorNamingIt()
    {
        string flat = Path.Combine(_folder, "flat.mid");
        // format 0, 480 ticks a quarter: eight notes, each note-on followed at once by its note-off, 240 ticks apart
        var events = new List<byte>();
        for (int i = 0; i < 8; i++)
        {
            events.AddRange(i == 0 ? [0] : [0x81, 0x70]);   // delta 0, then 240 ticks (a variable-length number)
            events.AddRange([0x90, (byte)(60 + i), 100, 0, 0x80, (byte)(60 + i), 0]);
        }
        events.AddRange([0, 0xFF, 0x2F, 0]);
        File.WriteAllBytes(flat, [.. "MThd"u8, 0, 0, 0, 6, 0, 0, 0, 1, 1, 0xE0, .. "MTrk"u8, 0, 0, 0,
            (byte)events.Count, .. events]);
        Assert.That(MidiReader.Read(flat).Notes, Has.Count.EqualTo(8).And.All.Matches<MidiNote>(
            note => note.EndTick == note.StartTick), "the file the reader sees");

        var (exit, _, stderr) = CliRunner.Run("reconstruct", "--model", _model, "--input", flat, "--out",
            Path.Combine(_folder, "flat-out.mid"), "--device", "cpu");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n')[^1], Is.EqualTo($"error: {flat}: has 8 notes, all of "
            + "zero length (each ends at the tick it starts): a piano model has nothing to code"));
    }
}
