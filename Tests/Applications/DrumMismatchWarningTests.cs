using TcnWtaNative.Midi.Files;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// A drum model warns, one line each, about what of a file its grid leaves out or cannot keep: notes off channel 10
/// (a bass on mapped pitches was once dropped without a word), unmapped drum pitches, and tempo changes, which the
/// drum output does not follow.
/// </summary>
[NonParallelizable]
public class DrumMismatchWarningTests : SyntheticRockFolder
{
    [Test]
    public void NotesOffTheDrumChannelUnmappedPitchesAndTempoChangesAreEachOneWarning()
    {
        var rock = MidiReader.Read(Rock);
        var bass = rock.Notes.Where(note => note.Channel == MidiNote.DrumChannel)
            .Select(note => note with { Channel = 1 }).ToList();   // the same mapped pitches, on channel 2
        var unmapped = new MidiNote(MidiNote.DrumChannel, 80, 100, 0, 60);
        var tempo = new TempoMap(rock.TicksPerQuarter,
            [new TempoChange(0, 500_000), new TempoChange(rock.TicksPerQuarter * 4, 1_000_000)]);
        string mixed = Out("mixed-drums.mid");
        MidiOutput.Write(new MidiSong("mixed", 1, 2, tempo, rock.TimeSignatures, [.. rock.Notes, .. bass, unmapped],
            [], 0), mixed);
        int total = rock.Notes.Count + bass.Count + 1;

        var (exit, _, stderr) = CliRunner.Run("reconstruct", "--model", TestModels.Synthetic, "--input", mixed,
            "--out", Out("mixed-out.mid"), "--device", "cpu");
        var (plainExit, _, plain) = CliRunner.Run("reconstruct", "--model", TestModels.Synthetic, "--input", Rock,
            "--out", Out("plain-out.mid"), "--device", "cpu");

        Assert.That((exit, plainExit), Is.EqualTo((0, 0)), stderr);
        Assert.That(stderr.Split('\n').Where(line => line.StartsWith("warning: ", StringComparison.Ordinal)),
            Is.EqualTo(new[]
            {
                $"warning: {mixed}: {bass.Count} of {total} notes are off the drum channel 10; the drum grid reads "
                    + "channel 10 alone and leaves them out",
                $"warning: {mixed}: 1 of {total} notes are on drum pitches the grid does not map; they are left out",
                $"warning: {mixed} changes tempo (2 tempos); a drum output is written at the first, 120 bpm, so its "
                    + "bars after a change play at other times than the input's",
            }));
        Assert.That(plain, Does.Not.Contain("warning:"));
    }
}
