using TcnWtaNative.Midi.Datasets;

namespace TcnWtaNative.Tests.Midi;

/// <summary>
/// Finds ../shared/datasets next to the repository and skips a test, with a download hint, when it is absent.
/// </summary>
internal static class TestData
{
    public static string GrooveDir()
    {
        string dir = Path.Combine(DatasetsRoot(), "groove");
        if (!File.Exists(Path.Combine(dir, GrooveIndex.InfoFileName)))
            Assert.Ignore(
                "needs ../shared/datasets/groove (the Groove MIDI Dataset); download from "
                + "https://magenta.tensorflow.org/datasets/groove");
        return dir;
    }

    public static string MaestroDir()
    {
        string dir = Path.Combine(DatasetsRoot(), "maestro-v3.0.0");
        if (!File.Exists(Path.Combine(dir, MaestroIndex.CsvFileName)))
            Assert.Ignore(
                "needs ../shared/datasets/maestro-v3.0.0 (MAESTRO v3.0.0, MIDI only); download from "
                + "https://magenta.tensorflow.org/datasets/maestro");
        return dir;
    }

    /// <summary>Every n-th Groove file of the index, so a few files cover several drummers and styles.</summary>
    public static string[] GrooveFiles(int count)
    {
        string dir = GrooveDir();
        var entries = GrooveIndex.Load(dir).Entries;
        return [.. Enumerable.Range(0, count)
            .Select(i => Path.Combine(dir, entries[i * entries.Count / count].MidiFile))];
    }

    public static string[] MaestroFiles(int count)
    {
        string dir = MaestroDir();
        var entries = MaestroIndex.Load(dir).Entries;
        return [.. Enumerable.Range(0, count)
            .Select(i => Path.Combine(dir, entries[i * entries.Count / count].MidiFile))];
    }

    /// <summary>A fresh temporary folder, removed when the test run ends (<see cref="TestRunFolders"/>).</summary>
    public static string TempDir() => TestRunFolders.Create("tcnwta-midi-tests-");

    private static string DatasetsRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "TcnWtaNative.sln"))) dir = dir.Parent;
        if (dir?.Parent == null)
            Assert.Ignore(
                "needs ../shared/datasets next to the repository (TcnWtaNative.sln not found "
                + "above the test directory)");
        return Path.Combine(dir!.Parent!.FullName, "shared", "datasets");
    }
}
