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

    [TestCase("dev")]
    [TestCase("train ")]
    [TestCase("")]
    public void AnUnknownSplitIsNamedWithItsRow(string split)
    {
        const string valid = "is not one of train, validation, test";
        Assert.That(GrooveError(GrooveHeader, GrooveRow("a.mid", "train"), GrooveRow("b.mid", split)),
            Is.EqualTo($"info.csv: row 3: split \"{split}\" {valid}"));
        Assert.That(MaestroError(MaestroHeader, MaestroRow("a.midi", split)),
            Is.EqualTo($"{MaestroIndex.CsvFileName}: row 2: split \"{split}\" {valid}"));
    }

    [Test]
    public void AFileListedTwiceIsNamedWithBothRows()
    {
        Assert.That(GrooveError(GrooveHeader, GrooveRow("a.mid", "train"), GrooveRow("b.mid", "train"),
                GrooveRow("a.mid", "test")),
            Is.EqualTo("info.csv: rows 2 and 4 both list \"a.mid\""));
        Assert.That(MaestroError(MaestroHeader, MaestroRow("x/a.midi", "train"), MaestroRow("x/../x/a.midi", "test")),
            Is.EqualTo($"{MaestroIndex.CsvFileName}: rows 2 and 3 both list \"x/../x/a.midi\""));
    }

    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("-1.5")]
    public void ADurationThatIsNotFiniteAndNonNegativeIsNamed(string duration)
    {
        Assert.That(MaestroError(MaestroHeader, MaestroRow("a.midi", "train", duration)),
            Is.EqualTo($"{MaestroIndex.CsvFileName}: row 2: duration \"{duration}\" is not a finite, non-negative "
                + "number"));
        Assert.That(GrooveError(GrooveHeader, GrooveRow("a.mid", "train", bpm: duration)),
            Is.EqualTo($"info.csv: row 2: bpm \"{duration}\" is not a finite, non-negative number"));
    }

    [Test]
    public void TextThatIsNotANumberIsNamedWithItsColumn()
        => Assert.That(GrooveError(GrooveHeader, GrooveRow("a.mid", "train", bpm: "fast")),
            Is.EqualTo("info.csv: row 2: bpm \"fast\" is not a number"));

    [Test]
    public void RowNumbersAreTheLinesAnEditorShows()
    {
        Assert.That(GrooveError(GrooveHeader, "", GrooveRow("a.mid", "train"), "", GrooveRow("b.mid", "dev")),
            Does.StartWith("info.csv: row 5: split \"dev\""), "blank lines counted");
        Assert.That(MaestroError(MaestroHeader, "Chopin,\"Ballade\nNo. 1\",train,2004,a.midi,a.wav,1.0",
                MaestroRow("b.midi", "train", "fast")),
            Is.EqualTo($"{MaestroIndex.CsvFileName}: row 4: duration \"fast\" is not a number"),
            "a line break in a quoted field counted");
    }

    [Test]
    public void AnUnclosedQuoteNamesItsRow()
        => Assert.That(GrooveError(GrooveHeader, GrooveRow("a.mid", "train"), "drummer1,\"drummer1/s,x"),
            Is.EqualTo("info.csv: row 3: a quoted field is not closed before the end of the file"));
}
