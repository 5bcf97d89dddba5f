using TcnWtaNative.Cli.Commands;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Audio;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Midi.Audio;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// The commands that turn a piece into another write their MIDI, --plot and --wav as one set (<see cref="OutputSet"/>):
/// written together once the work is done, or not at all, so a failure part way leaves no output of the run.
/// </summary>
[NonParallelizable]
public class CommandOutputSetTests : SyntheticRockFolder
{
    [Test]
    public void DenoiseThatFailsAfterAddingNoiseWritesNoneOfItsOutputs()
    {
        string notADataset = Out("not-groove");
        Directory.CreateDirectory(notADataset);
        string[] outputs = [Out("noisy.mid"), Out("denoised.mid"), Out("denoised.png"), Out("denoised.wav")];

        var (exit, _, stderr) = CliRunner.Run("denoise", "--input", Rock, "--model", TestModels.Synthetic, "--device",
            "cpu", "--k", "2", "--add-noise", "1", "--noisy-out", outputs[0], "--out", outputs[1], "--plot", outputs[2],
            "--wav", outputs[3], "--prior-data", notADataset);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("no info.csv"), "the prior is loaded after the noise is added");
        Assert.That(outputs.Where(File.Exists), Is.Empty, "--noisy-out was written before the failure");
    }

    [Test]
    public void ASetWithAFileThatCannotBeWrittenLeavesTheOthersAsTheyWere()
    {
        string midi = Out("kept.mid");
        File.WriteAllBytes(midi, File.ReadAllBytes(Rock));
        string underAFile = Path.Combine(midi, "audio.wav");
        var set = new OutputSet();
        set.AddMidi(PianoMidi.ToSong([new TimedNote(60, 90, 0, 1)]), midi);
        set.AddWav(underAFile, [Rock], "the rock pattern");

        var (stdout, error) = Captured(set.Write);

        Assert.That(error, Is.InstanceOf<IOException>(), "the WAV's folder is a file");
        Assert.That(File.ReadAllBytes(midi), Is.EqualTo(File.ReadAllBytes(Rock)), "the MIDI file is as it was");
        Assert.That(stdout, Is.Empty, "nothing is reported written");
        Assert.That(Directory.GetFiles(Folder, ".kept.mid.*"), Is.Empty, "no temporary file is left");
    }

    [Test]
    public void ASetIsWrittenWholeAndReportedInOrder()
    {
        string midi = Out("set.mid"), wav = Out("set.wav"), png = Out("set.png");
        var song = PianoMidi.ToSong([new TimedNote(60, 90, 0, 1), new TimedNote(64, 80, 1, 2)]);
        var set = new OutputSet();
        set.AddMidi(song, midi, "the song -> set.mid");
        set.AddPng(png, [137, 80, 78, 71], "a picture");
        set.AddWav(wav, [midi, Rock], "the song, then the rock pattern");

        var (stdout, error) = Captured(set.Write);

        Assert.That(error, Is.Null);
        Assert.That(MidiReader.Read(midi).Notes, Has.Count.EqualTo(2));
        Assert.That(File.ReadAllBytes(png), Is.EqualTo(new byte[] { 137, 80, 78, 71 }));
        double seconds = MidiReader.Read(midi).DurationSeconds + AudioTimeline.GapSeconds
            + MidiReader.Read(Rock).DurationSeconds;
        Assert.That(WavSamples.Of(File.ReadAllBytes(wav)), Has.Length.GreaterThanOrEqualTo(
            (int)(seconds * AudioFormat.SampleRate)), "the song this set writes (not on disk yet), then the rock");
        Assert.That(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(" (")[0]),
            Is.EqualTo(new[] { "the song -> set.mid", $"wrote {png}", $"wrote {wav}" }));
    }

    // stdout while running write, and what it threw (null when nothing)
    private static (string Stdout, Exception? Error) Captured(Action write)
    {
        var stdout = new StringWriter();
        var original = Console.Out;
        Console.SetOut(stdout);
        try
        {
            write();
            return (stdout.ToString(), null);
        }
        catch (Exception error)
        {
            return (stdout.ToString(), error);
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
