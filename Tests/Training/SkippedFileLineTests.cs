using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Training;

/// <summary>
/// A listed Groove file that is missing is skipped with a line "skipped PATH: REASON" on stderr in training, and
/// handed to the caller in evaluation, rather than dropped without a word.
/// </summary>
public class SkippedFileLineTests
{
    private string _dir = "";
    private string _missing = "";

    /// <summary>
    /// Three real 4/4 beats of the Groove dataset, one row of each split, and a missing file in each.
    /// </summary>
    [SetUp]
    public void CreateDataset()
    {
        string real = TestData.GrooveDir();
        _dir = TestData.TempDir();
        var beats = GrooveIndex.Load(real).Entries
            .Where(e => e.TimeSignature == "4-4" && e.BeatType == "beat" && e.DurationSeconds > 20).Take(3).ToList();
        var rows = new List<string>
        {
            "drummer,session,id,style,bpm,beat_type,time_signature,midi_filename,audio_filename,duration,split",
        };
        string[] splits = ["train", "validation", "test"];
        for (int i = 0; i < 3; i++)
        {
            File.Copy(Path.Combine(real, beats[i].MidiFile), Path.Combine(_dir, $"{i}.mid"));
            rows.Add($"drummer1,drummer1/s,drummer1/s/{i},funk,120,beat,4-4,{i}.mid,,30,{splits[i]}");
            rows.Add($"drummer1,drummer1/s,drummer1/s/m{i},funk,120,beat,4-4,missing{i}.mid,,30,{splits[i]}");
        }
        File.WriteAllLines(Path.Combine(_dir, GrooveIndex.InfoFileName), rows);
        _missing = Path.Combine(_dir, "missing0.mid");
    }

    [Test]
    public void TrainingNamesEachSkippedFile()
    {
        var (exit, stdout, stderr) = CliRunner.Run("train", "--dataset", "groove", "--data", _dir, "--epochs", "1",
            "--atoms", "4", "--init-atoms", "random", "--device", "cpu", "--no-cache", "--out",
            Path.Combine(_dir, "run"));

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("1 files (1 skipped)"));
        Assert.That(stderr, Does.Contain($"skipped {_missing}: file not found"));
        Assert.That(stderr, Does.Contain($"skipped {Path.Combine(_dir, "missing1.mid")}: file not found"));
    }

    [Test]
    public void EvaluationHandsOnEachSkippedFile()
    {
        var skipped = new List<SkippedFile>();
        GrooveRateDistortion.Load(_dir, "test", null, skipped: skipped.Add);

        Assert.That(skipped.Select(s => s.Line),
            Is.EqualTo(new[] { $"skipped {Path.Combine(_dir, "missing2.mid")}: file not found" }));
    }
}
