using TcnWtaNative.Midi.Files;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// A drum model warns, one line each, about what of a file its grid leaves out: notes off channel 10 (a bass on mapped
/// pitches was once dropped without a word) and unmapped drum pitches. A tempo change is kept (the output follows the
/// input's tempo map), except by interpolation, which writes each step at one tempo in A's first meter and says so.
/// </summary>
[NonParallelizable]
public class DrumMismatchWarningTests : SyntheticRockFolder
{
    [Test]
    public void NotesOffTheDrumChannelAndUnmappedPitchesAreEachOneWarningAndTheTempoChangeIsKept()
    {
        string mixed = WriteMixed();
        var notes = MidiReader.Read(mixed).Notes;
        int total = notes.Count, bass = notes.Count(note => note.Channel != MidiNote.DrumChannel);

        var (exit, _, stderr) = CliRunner.Run("reconstruct", "--model", TestModels.Synthetic, "--input", mixed,
            "--out", Out("mixed-out.mid"), "--device", "cpu");
        var (plainExit, _, plain) = CliRunner.Run("reconstruct", "--model", TestModels.Synthetic, "--input", Rock,
            "--out", Out("plain-out.mid"), "--device", "cpu");

        Assert.That((exit, plainExit), Is.EqualTo((0, 0)), stderr);
        Assert.That(stderr.Split('\n').Where(line => line.StartsWith("warning: ", StringComparison.Ordinal)),
            Is.EqualTo(new[]
            {
                $"warning: {mixed}: {bass} of {total} notes are off the drum channel 10; the drum grid reads "
                    + "channel 10 alone and leaves them out",
                $"warning: {mixed}: 1 of {total} notes are on drum pitches the grid does not map; they are left out",
            }));
        Assert.That(plain, Does.Not.Contain("warning:"));
        Assert.That(MidiReader.Read(Out("mixed-out.mid")).Tempo.Changes,
            Is.EqualTo(new[] { new TempoChange(0, 500_000), new TempoChange(4 * 480, 1_000_000) }));
    }

    [Test]
    public void InterpolatingAPieceThatChangesTempoWarnsThatTheStepsKeepOneTempo()
    {
        string mixed = WriteMixed();

        var (exit, _, stderr) = CliRunner.Run("interpolate", "--model", TestModels.Synthetic, "--a", mixed, "--b",
            Rock, "--steps", "1", "--out", Out("path"), "--device", "cpu", "--overwrite");

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain($"warning: {mixed} changes tempo (2 tempos); each interpolation step is "
            + "written at one tempo"));
        Assert.That(stderr, Does.Not.Contain($"warning: {Rock}"));
    }

    [Test]
    public void InterpolatingAPieceThatChangesMeterWarnsThatTheStepsKeepAsFirstMeter()
    {
        var rock = MidiReader.Read(Rock);
        string changing = Out("meter-change.mid");
        MidiOutput.Write(new MidiSong("changing", 1, 2, rock.Tempo,
            [new TimeSignature(0, 4, 4), new TimeSignature(6L * rock.TicksPerQuarter, 3, 4)], rock.Notes, [], 0),
            changing);

        var (exit, _, stderr) = CliRunner.Run("interpolate", "--model", TestModels.Synthetic, "--a", Rock, "--b",
            changing, "--steps", "1", "--out", Out("meter-path"), "--device", "cpu", "--overwrite");

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain($"warning: {changing} changes meter (4/4, 3/4); each interpolation step is "
            + "written in A's first meter, 4/4"));
    }

    // the rock pattern with its drums doubled on channel 2, an unmapped drum pitch, and 60 bpm from bar 2
    private string WriteMixed()
    {
        var rock = MidiReader.Read(Rock);
        var bass = rock.Notes.Where(note => note.Channel == MidiNote.DrumChannel)
            .Select(note => note with { Channel = 1 }).ToList();
        var unmapped = new MidiNote(MidiNote.DrumChannel, 80, 100, 0, 60);
        var tempo = new TempoMap(rock.TicksPerQuarter,
            [new TempoChange(0, 500_000), new TempoChange(rock.TicksPerQuarter * 4, 1_000_000)]);
        string mixed = Out("mixed-drums.mid");
        MidiOutput.Write(new MidiSong("mixed", 1, 2, tempo, rock.TimeSignatures, [.. rock.Notes, .. bass, unmapped],
            [], 0), mixed);
        return mixed;
    }
}
