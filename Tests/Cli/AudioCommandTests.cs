using System.Text.RegularExpressions;
using TcnWtaNative.Midi.Audio;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Midi.Audio;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>"tcnwta midi render" and the --wav option of the commands that write MIDI, as a user runs them.</summary>
[NonParallelizable]
public class AudioCommandTests : SyntheticRockFolder
{
    private static string[] WithModel(params string[] args)
        => [.. args, "--model", TestModels.Synthetic, "--device", "cpu"];

    private static short[] Samples(string wav) => WavSamples.Of(File.ReadAllBytes(wav));

    [Test]
    public void RenderWritesTheFileAsAudioAndRefusesToReplaceItWithoutOverwrite()
    {
        string wav = Out("rock.wav");

        string stdout = CliRunner.Succeed("midi", "render", Rock, wav);
        var (again, _, refused) = CliRunner.Run("midi", "render", Rock, wav);

        double seconds = MidiReader.Read(Rock).DurationSeconds;
        Assert.That(stdout, Does.Contain($"wrote {wav} ({Rock}: "));
        Assert.That(Samples(wav).Length, Is.GreaterThanOrEqualTo((int)(seconds * AudioFormat.SampleRate)));
        Assert.That(WavSamples.Rms(Samples(wav), 0, seconds), Is.GreaterThan(100));
        Assert.That((again, refused.Trim()),
            Is.EqualTo((1, $"error: {wav} already exists; replace it with --overwrite")));
        CliRunner.Succeed("midi", "render", Rock, wav, "--overwrite");
    }

    // a file of a tempo and no notes was written as a header-only WAV, exit 0
    [Test]
    public void RenderRefusesAFileWithoutNotes()
    {
        string silent = Out("silent.mid"), wav = Out("silent.wav");
        File.WriteAllBytes(silent, MidiWriter.ToBytes(new MidiSong("silent", 1, 1, new TempoMap(480, []), [], [], [],
            1920)));

        var (exit, stdout, stderr) = CliRunner.Run("midi", "render", silent, wav);

        Assert.That((exit, stdout, stderr.Trim()),
            Is.EqualTo((1, "", $"error: {silent}: has no notes; its audio would be silence")));
        Assert.That(File.Exists(wav), Is.False);
    }

    [TestCase("midi render ROCK OUT.mid", "OUT writes a WAV file; give a file ending in .wav")]
    [TestCase("midi render MISSING OUT.wav", "missing.mid")]
    [TestCase("reconstruct --input ROCK --out OUT.mid --wav OUT.mp3",
        "--wav writes a WAV file; give a file ending in .wav")]
    [TestCase("reconstruct --input ROCK --out OUT.mid --wav-with-input", "--wav-with-input needs --wav")]
    public void BadAudioArgumentsAreOneLineErrors(string command, string expected)
    {
        string[] args = [.. command.Split(' ')
            .Select(a => a.Replace("ROCK", Rock).Replace("MISSING", Out("missing.mid"))
            .Replace("OUT", Out("bad")))];
        if (args[0] != "midi") args = WithModel(args);

        var (exit, _, stderr) = CliRunner.Run(args);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1).And.Some.Contain(expected));
        Assert.That(File.Exists(Out("bad.wav")), Is.False);
    }

    [TestCase("reconstruct")]
    [TestCase("denoise", "--k", "1")]
    [TestCase("simplify", "--keep-atoms", "1")]
    [TestCase("humanize")]
    public void WavWritesTheOutputAndWithInputPlaysTheInputFirst(string command, params string[] options)
    {
        string output = Out($"{command}-wav.wav"), both = Out($"{command}-both.wav");

        CliRunner.Succeed(
            WithModel([command, "--input", Rock, .. options, "--out", Out($"{command}.mid"), "--wav", output]));
        string stdout = CliRunner.Succeed(
            WithModel([command, "--input", Rock, .. options, "--out", Out($"{command}.mid"),
            "--wav", both, "--wav-with-input", "--overwrite"]));

        Assert.That(stdout, Does.Contain($"wrote {both} (the input, a second of silence, then the output"));
        double inputSeconds = MidiReader.Read(Rock).DurationSeconds;
        var alone = Samples(output);
        var paired = Samples(both);
        double pairedSeconds = paired.Length / (double)AudioFormat.SampleRate;
        double aloneSeconds = alone.Length / (double)AudioFormat.SampleRate;
        Assert.That(pairedSeconds,
            Is.GreaterThanOrEqualTo(inputSeconds + AudioTimeline.GapSeconds + aloneSeconds - 0.001));
        Assert.That(WavSamples.Rms(paired, pairedSeconds - aloneSeconds, pairedSeconds),
            Is.EqualTo(WavSamples.Rms(alone, 0, aloneSeconds)).Within(10).Percent, "the output comes last");
        Assert.That(WavSamples.Rms(paired, 0, 0.5), Is.GreaterThan(100), "the input comes first");
    }

    [Test]
    public void InterpolateWavPlaysEveryStepAndDrumsWavPlaysTheDrums()
    {
        string path = Out("path.wav"), drums = Out("drums.wav");

        string interpolated = CliRunner.Succeed(WithModel("interpolate", "--a", Rock, "--b", Rock, "--steps", "2",
            "--out", Out("path"), "--wav", path));
        string generated = CliRunner.Succeed(
            WithModel("drums", "--structure", "A B", "--bars", "2", "--out", Out("drums.mid"), "--wav", drums));

        Assert.That(interpolated, Does.Contain($"wrote {path} (every step, A to B, a second of silence between two"));
        double stepSeconds = MidiReader.Read(Out("path/step-0.mid")).DurationSeconds;
        Assert.That(Samples(path).Length, Is.GreaterThan((int)((3 * stepSeconds + 2) * AudioFormat.SampleRate)),
            "three steps, two gaps");
        Assert.That(Regex.IsMatch(generated, $@"wrote {Regex.Escape(drums)} \(the drums: [\d.]+ s, \d+ notes"),
            Is.True, generated);
        Assert.That(WavSamples.Peak(Samples(drums)), Is.GreaterThan(1000));
    }
}
