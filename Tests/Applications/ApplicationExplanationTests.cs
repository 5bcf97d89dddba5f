using System.Globalization;
using System.Text.RegularExpressions;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// The applications say what they did and why: denoise --keep-atoms keeps N atoms or says why not, interpolate keeps
/// the mix's energy and counts notes along the path, and a piece or --meter the model was not trained on is warned
/// about; on the synthetic model (12 one-bar 4/4 atoms, k = 1).
/// </summary>
[NonParallelizable]
public class ApplicationExplanationTests
{
    private string _folder = null!;
    private string _fourPatterns = null!;

    [OneTimeSetUp]
    public void WriteInputs()
    {
        _folder = TestModels.OutputFolder();
        _fourPatterns = TestModels.SyntheticSequence(Path.Combine(_folder, "four.mid"), [0, 1, 2, 3]);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_folder, true);

    private string Out(string name) => Path.Combine(_folder, name);

    private static string[] WithModel(params string[] args)
        => [.. args, "--model", TestModels.Synthetic, "--device", "cpu"];

    // stderr's warning lines (the device line goes there too)
    private static string Warnings(string stderr)
        => string.Join('\n', stderr.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal))).Trim();

    [Test]
    public void KeepAtomsKeepsTheMostUsedAtomsOrSaysWhyItCannot()
    {
        string kept = CliRunner.Succeed(
            WithModel("denoise", "--input", _fourPatterns, "--keep-atoms", "2", "--out", Out("two.mid")));
        Assert.That(Regex.Match(kept, @"atoms: ([0-9, ]+);").Groups[1].Value.Split(", "), Has.Length.EqualTo(2), kept);

        var (exit, stdout, stderr) = CliRunner.Run(
            WithModel("denoise", "--input", _fourPatterns, "--keep-atoms", "8", "--out", Out("eight.mid")));

        Assert.That(exit, Is.EqualTo(0), stderr);
        var why = Regex.Match(Warnings(stderr),
            @"^warning: --keep-atoms 8: the piece uses only (\d) atoms at k = 1 \(wta\), "
            + @"so none can be dropped: all \d are kept");
        Assert.That(why.Success, stderr);
        Assert.That(Regex.Match(stdout, @"atoms: ([0-9, ]+);").Groups[1].Value.Split(", "),
            Has.Length.EqualTo(int.Parse(why.Groups[1].Value, CultureInfo.InvariantCulture)));
    }

    [Test]
    public void InterpolationHasNoSilentMiddleAndCountsNotesAlongThePath()
    {
        string rock = TestModels.SyntheticFile(_folder, 0), bossa = TestModels.SyntheticFile(_folder, 4);

        string stdout = CliRunner.Succeed(
            WithModel("interpolate", "--a", rock, "--b", bossa, "--steps", "4", "--out", Out("path")));

        var counts = Directory.GetFiles(Out("path"), "*.mid").Order().Select(f => MidiReader.Read(f).Notes.Count)
            .ToList();
        Assert.That(stdout, Does.Contain($"notes along the path, A to B: {string.Join(" -> ", counts)}"));
        int quietest = Math.Min(counts[0], counts[^1]);
        Assert.That(counts, Has.All.GreaterThanOrEqualTo(quietest / 2), "no step is much quieter than both ends");
    }

    [Test]
    public void APieceOrMeterTheModelWasNotTrainedOnIsWarnedAboutOnOneLine()
    {
        string waltz = TestModels.SyntheticSequence(Out("waltz.mid"), [0, 0, 0], new TimeSignature(0, 3, 4));

        var (_, _, threeFour) = CliRunner.Run(
            WithModel("reconstruct", "--input", waltz, "--out", Out("waltz-rec.mid")));
        var (_, _, fourFour) = CliRunner.Run(
            WithModel("reconstruct", "--input", _fourPatterns, "--out", Out("rec-44.mid")));
        var (_, _, drums) = CliRunner.Run(
            WithModel("drums", "--structure", "A", "--bars", "2", "--meter", "3-4", "--out", Out("d.mid")));
        var (_, _, drums44) = CliRunner.Run(
            WithModel("drums", "--structure", "A", "--bars", "2", "--out", Out("d44.mid")));

        Assert.That(Warnings(threeFour),
            Is.EqualTo(
                $"warning: {waltz} is in 3/4, the model was trained on 4/4 bars: its atoms will "
                + "not line up with these bars"));
        Assert.That(Warnings(drums),
            Does.StartWith("warning: --meter 3/4: the model was trained on 4/4 bars").And.Not.Contain("\n"));
        Assert.That((Warnings(fourFour), Warnings(drums44)), Is.EqualTo((string.Empty, string.Empty)),
            "the model's own meter is no warning");
    }
}
