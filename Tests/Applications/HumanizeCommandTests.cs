using System.Globalization;
using System.Text.RegularExpressions;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// <c>tcnwta humanize</c> as a user runs it, on a model trained on synthetic drum patterns (hits at 0.9 on beats and
/// 0.6 off them): exactly the input's notes, played nearer their velocities than the quantized ones.
/// </summary>
[NonParallelizable]
public class HumanizeCommandTests
{
    private string _folder = null!;

    [OneTimeSetUp]
    public void CreateFolder() => _folder = TestModels.OutputFolder();

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_folder, true);

    private string Out(string name) => Path.Combine(_folder, name);

    // the velocity MAE on the line that starts with the prefix
    private static double VelocityMae(string stdout, string linePrefix)
    {
        var line = stdout.Split('\n').First(l => l.StartsWith(linePrefix, StringComparison.Ordinal));
        return double.Parse(Regex.Match(line, @"velocity MAE ([0-9.]+)").Groups[1].Value,
            CultureInfo.InvariantCulture);
    }

    // the accent r on the line that starts with the prefix
    private static double Accents(string stdout, string linePrefix)
    {
        var line = stdout.Split('\n').First(l => l.StartsWith(linePrefix, StringComparison.Ordinal));
        return double.Parse(Regex.Match(line, @"accent r (-?[0-9.]+) over [0-9]+ bars").Groups[1].Value,
            CultureInfo.InvariantCulture);
    }

    [Test]
    public void APlayedPatternComesBackAsTheSameNotesNearerTheirVelocitiesThanQuantized()
    {
        string rock = TestModels.SyntheticFile(_folder, 0);
        string stdout = CliRunner.Succeed("humanize", "--model", TestModels.Synthetic, "--input", rock, "--out",
            Out("humanized.mid"), "--quantized-out", Out("quantized.mid"), "--device", "cpu");

        Assert.That(VelocityMae(stdout, "humanized vs played"), Is.LessThan(VelocityMae(stdout, "quantized vs played")),
            stdout);
        Assert.That(Accents(stdout, "quantized vs played"), Is.Zero, "one velocity has no accents");
        Assert.That(Accents(stdout, "humanized vs played"), Is.GreaterThan(0.5), "beats louder than the hits between");
        var spread = Regex.Match(stdout, @"velocity spread \(standard deviation, MIDI steps\): played ([0-9.]+), "
            + @"humanized ([0-9.]+)");
        Assert.That(spread.Success, stdout);
        Assert.That(double.Parse(spread.Groups[1].Value, CultureInfo.InvariantCulture), Is.GreaterThan(10),
            "accents at 0.9 and 0.6 of 127, jittered");
        Assert.That(double.Parse(spread.Groups[2].Value, CultureInfo.InvariantCulture), Is.GreaterThan(0));
        var played = MidiReader.Read(rock).Notes;
        var humanized = MidiReader.Read(Out("humanized.mid")).Notes;
        var quantized = MidiReader.Read(Out("quantized.mid")).Notes;
        Assert.That(humanized.Select(n => n.Pitch).Order(), Is.EqualTo(played.Select(n => n.Pitch).Order()),
            "exactly the input's notes");
        Assert.That(quantized.Select(n => n.Velocity).Distinct(), Is.EqualTo(new[] { 100 }));
        Assert.That(humanized.Select(n => n.Velocity).Distinct().Count(), Is.GreaterThan(1),
            "accents come back: the atoms carry the beats' louder hits");

        string again = CliRunner.Succeed("humanize", "--model", TestModels.Synthetic, "--input", Out("quantized.mid"),
            "--out", Out("again.mid"), "--device", "cpu");
        Assert.That(again, Does.Contain("the input is quantized already (one velocity, on the grid): no errors"));
        Assert.That(MidiReader.Read(Out("again.mid")).Notes.Select(n => (n.Pitch, n.Velocity)),
            Is.EqualTo(humanized.Select(n => (n.Pitch, n.Velocity))), "a part quantized already plays the same");
    }
}
