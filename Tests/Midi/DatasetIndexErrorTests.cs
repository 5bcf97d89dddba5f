using TcnWtaNative.Midi.Datasets;

namespace TcnWtaNative.Tests.Midi;

/// <summary>A damaged info.csv or MAESTRO csv is an error naming the file, and the row where one applies.</summary>
public class DatasetIndexErrorTests
{
    private const string GrooveHeader =
        "drummer,session,id,style,bpm,beat_type,time_signature,midi_filename,audio_filename,duration,split";

    private const string MaestroHeader =
        "canonical_composer,canonical_title,split,year,midi_filename,audio_filename,duration";

    private static string GrooveRow(string file, string split, string bpm = "120")
        => $"drummer1,drummer1/s,drummer1/s/{file},funk,{bpm},beat,4-4,{file},,2.0,{split}";

    private static string MaestroRow(string file, string split, string duration = "1.0")
        => $"Frédéric Chopin,Ballade,{split},2004,{file},x.wav,{duration}";

    /// <summary>A fresh folder holding <paramref name="lines"/> as <paramref name="csv"/>.</summary>
    private static string Folder(string csv, params string[] lines)
    {
        string dir = TestData.TempDir();
        File.WriteAllLines(Path.Combine(dir, csv), lines);
        return dir;
    }

    private static string GrooveError(params string[] lines)
    {
        string dir = Folder(GrooveIndex.InfoFileName, lines);
        var error = Assert.Throws<InvalidDataException>(() => GrooveIndex.Load(dir))!;
        return error.Message.Replace(Path.Combine(dir, GrooveIndex.InfoFileName), "info.csv");
    }

    private static string MaestroError(params string[] lines)
    {
        string dir = Folder(MaestroIndex.CsvFileName, lines);
        var error = Assert.Throws<InvalidDataException>(() => MaestroIndex.Load(dir))!;
        return error.Message.Replace(Path.Combine(dir, MaestroIndex.CsvFileName), MaestroIndex.CsvFileName);
    }

    [Test]
    public void AColumnNamedTwiceIsNamedWithItsFile()
        => Assert.That(GrooveError(GrooveHeader + ",split", GrooveRow("a.mid", "train") + ",test"),
            Is.EqualTo("info.csv: the header names the column 'split' twice"));

    [Test]
    public void TrailingEmptyHeaderColumnsAreIgnored()
    {
        string dir = Folder(GrooveIndex.InfoFileName, GrooveHeader + ",,", GrooveRow("a.mid", "train") + ",,");
        Assert.That(GrooveIndex.Load(dir).Entries.Single().Split, Is.EqualTo("train"));
    }
}
