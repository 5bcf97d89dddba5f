using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>styles --out: a study that fails leaves no folder behind.</summary>
[NonParallelizable]
public class StylesOutFolderTests : SyntheticRockFolder
{
    [Test]
    public void AStudyThatFailsOnItsFeaturesLeavesNoOutFolder()
    {
        // two styles of three train pieces and one test piece each, all readable
        string[] rows = [.. new[] { "rock", "funk" }.SelectMany(style => Enumerable.Range(0, 4).Select(i =>
            $"drummer1,s,{i},{style},120,beat,4-4,{Path.GetFileName(Rock)},,8,{(i < 3 ? "train" : "test")}"))];
        File.WriteAllLines(Out(GrooveIndex.InfoFileName),
            ["drummer,session,id,style,bpm,beat_type,time_signature,midi_filename,audio_filename,duration,split",
                .. rows]);
        string output = Out("styles");

        // the pieces load and code; the piano-roll-only features then fail on the drum model's pieces
        string[] styles = ["styles", "--model", TestModels.Synthetic, "--data", Folder, "--label", "style",
            "--min-held-out", "1", "--out", output, "--device", "cpu"];
        var (exit, _, stderr) = CliRunner.Run([.. styles, "--features", "intervals"]);

        Assert.That((exit, stderr.Trim().Split('\n')[^1]),
            Is.EqualTo((1, "error: intervals need a model of a piano roll (onset roll or piano roll)")));
        Assert.That(stderr, Does.Contain("encoded 2 test pieces"), "the study failed after the pieces were coded");
        Assert.That(Directory.Exists(output), Is.False, "no empty --out folder");
        CliRunner.Succeed(styles);
        Assert.That(File.Exists(Path.Combine(output, "pieces.csv")), Is.True, "the study that succeeds writes it");
    }
}
