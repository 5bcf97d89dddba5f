using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Midi;

using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// The commands on real Groove test-split files with a model trained on other Groove files (skipped without the
/// dataset).
/// </summary>
[NonParallelizable]
public class GrooveApplicationTests
{
    private static string[] Run(params string[] args)
        => CliRunner.Succeed([.. args, "--model", TestModels.Groove, "--device", "cpu"]).Split('\n');

    private static double F1(string[] lines, string prefix)
        => double.Parse(
            Regex.Match(lines.First(l => l.StartsWith(prefix, StringComparison.Ordinal)),
            @"F1 ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);

    [Test]
    public void ReconstructAndEncodeWithTheDatasetIndexAsMetadata()
    {
        var files = TestModels.GrooveTestFiles(2);
        string folder = TestModels.OutputFolder();
        try
        {
            var lines = Run("reconstruct", "--input", files[0], "--out", Path.Combine(folder, "r.mid"));
            Assert.That(F1(lines, "loss"), Is.GreaterThan(0.3), string.Join('\n', lines));
            Assert.That(MidiReader.Read(Path.Combine(folder, "r.mid")).Notes, Is.Not.Empty);

            Run(["encode", "--input", .. files, "--metadata", Path.Combine(TestData.GrooveDir(), "info.csv"), "--out",
                Path.Combine(folder, "codes.json")]);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "codes.json")));
            var drummers = json.RootElement.GetProperty("files").EnumerateArray()
                .Select(f => f.GetProperty("labels").GetProperty("drummer").GetString()).ToList();
            Assert.That(drummers,
                Is.EqualTo(
                    files.Select(f => f.Split(Path.DirectorySeparatorChar)
                    .First(p => p.StartsWith("drummer", StringComparison.Ordinal)))));

            Run("interpolate", "--a", files[0], "--b", files[1], "--steps", "2", "--match", "--columns", "2", "--out",
                Path.Combine(folder, "interp"));
            Assert.That(Directory.GetFiles(Path.Combine(folder, "interp")).Select(MidiReader.Read)
                .Count(s => s.Notes.Count > 0), Is.EqualTo(3));
        }
        finally { Directory.Delete(folder, true); }
    }
}
