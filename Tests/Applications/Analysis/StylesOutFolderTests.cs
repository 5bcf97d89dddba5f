using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// styles --out: features the model cannot give are refused before any piece is coded (by classify too), and a
/// study that fails later leaves no folder behind.
/// </summary>
[NonParallelizable]
public class StylesOutFolderTests : SyntheticRockFolder
{
    private string[] Styles(string output) => ["styles", "--model", TestModels.Synthetic, "--data", Folder,
        "--label", "style", "--min-held-out", "1", "--out", output, "--device", "cpu"];

    // two styles of three train pieces and one test piece each, copies of Rock and of testFile (an index lists each
    // file once)
    private void WriteIndex(string testFile)
    {
        string CopyOf(string file, string style, int i)
        {
            string copy = $"{style}{i}-{file}";
            File.Copy(Out(file), Out(copy), overwrite: true);
            return copy;
        }
        string[] rows = [.. new[] { "rock", "funk" }.SelectMany(style => Enumerable.Range(0, 4).Select(i =>
            $"drummer1,s,{i},{style},120,beat,4-4,{CopyOf(i < 3 ? Path.GetFileName(Rock) : testFile, style, i)},,8,"
            + (i < 3 ? "train" : "test")))];
        File.WriteAllLines(Out(GrooveIndex.InfoFileName),
            ["drummer,session,id,style,bpm,beat_type,time_signature,midi_filename,audio_filename,duration,split",
                .. rows]);
    }

    // classify takes the same inputs and checks its --features the same way
    [TestCase("styles", "styles-intervals")]
    [TestCase("classify", "classify-intervals.json")]
    public void FeaturesTheModelCannotGiveAreRefusedBeforeAnyPieceIsCoded(string command, string outName)
    {
        WriteIndex(Path.GetFileName(Rock));
        string output = Out(outName);
        var (exit, _, stderr) = CliRunner.Run([command, .. Styles(output)[1..], "--features", "intervals"]);
        Assert.That((exit, stderr.Trim().Split('\n')[^1]),
            Is.EqualTo((1, "error: intervals need a model of a piano roll (onset roll or piano roll)")));
        Assert.That(stderr, Does.Not.Contain("encoded"), "refused before any piece was coded");
        Assert.That(Path.Exists(output), Is.False);
    }

    [Test]
    public void AStudyThatFailsAfterCodingPiecesLeavesNoOutFolder()
    {
        File.WriteAllText(Out("broken.mid"), "not a MIDI file");
        WriteIndex("broken.mid");
        string output = Out("styles-broken");

        var (exit, _, stderr) = CliRunner.Run(Styles(output));

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("encoded 6 train pieces"), "the study failed after train pieces were coded");
        Assert.That(stderr.Trim().Split('\n')[^1], Does.StartWith("error: none of the 2 test pieces could be read"));
        Assert.That(Directory.Exists(output), Is.False, "no empty --out folder");

        WriteIndex(Path.GetFileName(Rock));
        CliRunner.Succeed(Styles(output));
        Assert.That(File.Exists(Path.Combine(output, "pieces.csv")), Is.True, "the study that succeeds writes it");
    }
}
