using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>"tcnwta styles" and "classify" report each piece they cannot read on its own "skipped" line, and go on.
/// </summary>
public partial class AnalysisCommandTests
{
    // a copy of info.csv with 3 train and 1 test beats of two styles, the real drummer folders linked in, and one more
    // test row: an empty file whose name holds an escape sequence, shown escaped
    [Test]
    public void StylesSkipsAnUnreadablePieceOnOneEscapedLine()
    {
        string dataset = Path.Combine(_dir, "skipped-dataset");
        Directory.CreateDirectory(dataset);
        var lines = File.ReadAllLines(Path.Combine(_groove, "info.csv"));
        var rows = lines.Skip(1).Select(line => line.Split(','))
            .Where(row => row[5] == "beat" && row[6] == "4-4" && row[3] is "funk" or "rock")
            .GroupBy(row => (Style: row[3], Split: row[10]))
            .Where(group => group.Key.Split is "train" or "test")
            .SelectMany(group => group.Take(group.Key.Split == "train" ? 3 : 1)).ToList();
        foreach (string drummer in rows.Select(row => row[0]).Distinct())
            Directory.CreateSymbolicLink(Path.Combine(dataset, drummer), Path.Combine(_groove, drummer));
        const string hostile = "a\u001B[2Jb.mid";
        File.WriteAllText(Path.Combine(dataset, hostile), "");
        File.WriteAllLines(Path.Combine(dataset, "info.csv"),
            [lines[0], .. rows.Select(row => string.Join(',', row)),
                $"drummer1,drummer1/s,drummer1/s/9,funk,120,beat,4-4,{hostile},a.wav,10,test"]);

        var (exit, _, stderr) = Run("styles", "--model", _model, "--data", dataset, "--label", "style",
            "--min-held-out", "1", "--out", Path.Combine(_dir, "skipped-styles"), "--device", "cpu");

        Assert.That(rows, Has.Count.EqualTo(8), "3 train and 1 test beats of each style");
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain($@"skipped {dataset}/a\u001B[2Jb.mid: empty file"));
        Assert.That(stderr.Replace("\n", ""), Has.None.Matches<char>(char.IsControl));
    }
}
