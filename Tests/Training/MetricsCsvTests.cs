using TcnWtaNative.Training.Metrics;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// metrics.csv: the atom columns round-trip, files written before them still read, appends are whole lines, and a
/// resume's reading drops rows past its checkpoint and skips a torn last row.
/// </summary>
public class MetricsCsvTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = TempRun();

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void RowsWithAndWithoutAtomCountsRoundTrip()
    {
        string path = Path.Combine(_directory, "metrics.csv");
        MetricsRow[] rows = [new(1, 3, 0.25, 0.5, 2, 0.01f, 1.5, 7, 2), new(2, 6, 0.125, null, 1, 0.005f, 3, 9, 0),
            new(3, 9, 0.1, 0.2, 1, 0.005f, 4.5)];

        MetricsCsv.Write(path, rows);

        Assert.That(File.ReadLines(path).First(), Is.EqualTo(MetricsCsv.Header));
        Assert.That(MetricsCsv.Read(path), Is.EqualTo(rows));
    }

    [Test]
    public void AFileOfTheSevenColumnFormReadsWithoutAtomCounts()
    {
        string path = Path.Combine(_directory, "old.csv");
        File.WriteAllLines(path,
            [MetricsCsv.SevenColumnHeader, "1,3,0.25,0.5,2,0.01,1.500", "2,6,0.125,,1,0.005,3.000"]);

        var rows = MetricsCsv.Read(path);

        Assert.That(rows.Select(row => (row.Epoch, row.ValidationLoss, row.AtomsUsed, row.AtomsRevived)),
            Is.EqualTo(new (int, double?, int?, int?)[] { (1, 0.5, null, null), (2, null, null, null) }));
        File.WriteAllLines(path, [MetricsCsv.SevenColumnHeader, "1,3,0.25,0.5,2,0.01,1.500,7,2"]);
        Assert.That(() => MetricsCsv.Read(path),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("old.csv:2: malformed metrics row"));
    }

    [Test]
    public void AppendedRowsAreWholeLines()
    {
        string path = Path.Combine(_directory, "metrics.csv");
        MetricsCsv.Write(path, [new MetricsRow(1, 3, 0.25, 0.5, 2, 0.01f, 1.5, 7, 2)]);
        MetricsCsv.Append(path, new MetricsRow(2, 6, 0.125, null, 1, 0.005f, 3, 9, 0));

        Assert.That(File.ReadAllText(path), Does.EndWith("\n"));
        Assert.That(MetricsCsv.Read(path).Select(row => row.Epoch), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void AResumeDropsLaterRowsAndSkipsATornLastRowWithAWarning()
    {
        string path = Path.Combine(_directory, "metrics.csv");
        File.WriteAllText(path,
            $"{MetricsCsv.Header}\n1,3,0.25,0.5,2,0.01,1.500,7,2\n2,6,0.125,,1,0.005,3.000,9,0\n3,9,0.1,0");
        var warnings = new List<string>();

        Assert.That(MetricsCsv.ReadThrough(path, 3, warnings.Add).Select(row => row.Epoch), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(warnings,
            Is.EqualTo(
                new[] { $"warning: {path}:4: ignoring the torn last row '3,9,0.1,0' (its append was cut short)" }));
        Assert.That(MetricsCsv.ReadThrough(path, 1, warnings.Add).Select(row => row.Epoch), Is.EqualTo(new[] { 1 }));
        Assert.That(warnings, Has.Count.EqualTo(1), "a torn row past the checkpoint is dropped before parsing");
        Assert.That(() => MetricsCsv.Read(path),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("metrics.csv:4: malformed"));
    }

    // an edited file whose whole number passes an int was an OverflowException's stack trace on --resume
    [TestCase("1,99999999999,0.25,0.5,2,0.01,1.500,7,2")]
    [TestCase("99999999999,3,0.25,0.5,2,0.01,1.500,7,2")]
    [TestCase("1,3,0.25,0.5,2,0.01,1.500,-99999999999,2")]
    public void AWholeNumberPastAnIntIsAMalformedRow(string row)
    {
        string path = Path.Combine(_directory, "metrics.csv");
        File.WriteAllText(path, $"{MetricsCsv.Header}\n{row}\n2,6,0.125,,1,0.005,3.000,9,0\n");

        Assert.That(() => MetricsCsv.ReadThrough(path, 2, _ => { }),
            Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo($"{path}:2: malformed metrics row '{row}'"));
    }
}
