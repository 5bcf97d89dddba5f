using TcnWtaNative.Cli;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// A value quoted in an error (a file name, an option's value) that holds control characters reaches the terminal as
/// \uXXXX: an escape sequence cannot recolour or clear it, and a newline cannot split the one error line.
/// </summary>
[NonParallelizable]
public class PrintableErrorTests
{
    private const string Hostile = "a\u001B[2Jb\nc\rd";

    [Test]
    public void ControlCharactersAreShownAsEscapesAndPrintableTextIsLeftAlone()
    {
        Assert.That(PrintableText.Of(Hostile), Is.EqualTo(@"a\u001B[2Jb\u000Ac\u000Dd"));
        Assert.That(PrintableText.Of("ö 0,5 \"x\" – fine"), Is.EqualTo("ö 0,5 \"x\" – fine"));
    }

    [Test]
    public void AFileNameWithControlCharactersGivesOneErrorLineWithoutThem()
    {
        string folder = Directory.CreateTempSubdirectory("tcnwta-printable-").FullName;
        try
        {
            var (exit, _, stderr) = CliRunner.Run("export", "--model", Path.Combine(folder, Hostile + ".safetensors"),
                "--out", Path.Combine(folder, "out.safetensors"));
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("error: ").And.Contain(@"a\u001B[2Jb\u000Ac\u000Dd"));
            Assert.That(stderr.TrimEnd('\n'), Has.None.Matches<char>(char.IsControl));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    // (the parser's message is joined into one line first, so its newlines become spaces)
    [Test]
    public void AnOptionValueWithControlCharactersIsEscapedInTheUsageError()
    {
        var (exit, _, stderr) = CliRunner.Run("train", "--dataset", Hostile, "--out", "x");
        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(stderr, Does.Contain(@"'a\u001B[2Jb").And.Contain("is not one of"));
        Assert.That(stderr.Replace("\n", ""), Has.None.Matches<char>(char.IsControl));
    }

    // midi inspect reports each bad file and goes on, outside the shared error handler
    [Test]
    public void InspectingABadFileWithControlCharactersInItsNameGivesOneEscapedErrorLine()
    {
        string folder = Directory.CreateTempSubdirectory("tcnwta-printable-").FullName;
        try
        {
            string file = Path.Combine(folder, Hostile + ".mid");
            File.WriteAllText(file, "not a MIDI file");
            var (exit, _, stderr) = CliRunner.Run("midi", "inspect", file);
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain(@"a\u001B[2Jb\u000Ac\u000Dd"));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    // atoms reports each --data file it cannot encode and goes on, outside the shared error handler
    [Test]
    public void AtomsSkippingAFileWithControlCharactersInItsNameShowsThemEscaped()
    {
        string folder = Directory.CreateTempSubdirectory("tcnwta-printable-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, Hostile + ".mid"), "");
            var (exit, _, stderr) = CliRunner.Run("atoms", "--model", TestModels.Synthetic, "--data", folder,
                "--out", Path.Combine(folder, "atoms"), "--device", "cpu");
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(stderr, Does.Contain(@"skipped ").And.Contain(@"a\u001B[2Jb\u000Ac\u000Dd.mid: empty file"));
            Assert.That(stderr.Replace("\n", ""), Has.None.Matches<char>(char.IsControl));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    // dataset stats lists the files it skipped with their names as info.csv spells them
    [Test]
    public void DatasetStatsListsASkippedFileWithControlCharactersEscaped()
    {
        string folder = Directory.CreateTempSubdirectory("tcnwta-printable-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "info.csv"),
                "drummer,session,id,style,bpm,beat_type,time_signature,midi_filename,audio_filename,duration,split\n"
                + "drummer1,drummer1/s,drummer1/s/1,funk,120,beat,4-4,drummer1/a\u001B[2Jb.mid,a.wav,10,train\n");
            var (_, stdout, _) = CliRunner.Run("dataset", "stats", "--dataset", "groove", "--data", folder,
                "--no-cache");
            Assert.That(stdout, Does.Contain(@"drummer1/a\u001B[2Jb.mid: file not found"));
            Assert.That(stdout.Replace("\n", ""), Has.None.Matches<char>(char.IsControl));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
