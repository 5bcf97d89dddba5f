using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// encode --metadata: a file's labels come from the one CSV row that names it; a CSV that could label a file two ways
/// is a clear error, never a silent first pick.
/// </summary>
public class FileMetadataTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = TestData.TempDir();

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private string Csv(string text)
    {
        string path = Path.Combine(_folder, "labels.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private string Midi => Path.Combine(_folder, "songs", "a.mid");

    [Test]
    public void RowsNamingOneFileWithTheSameLabelsAgree()
    {
        var metadata = FileMetadata.Load(Csv("file,style\nsongs/a.mid,rock\na.mid,rock\n"));
        Assert.That(metadata.LabelsOf(Midi), Is.EqualTo(new Dictionary<string, string> { ["style"] = "rock" }));
    }

    [Test]
    public void RowsNamingOneFileWithDifferentLabelsAreAnError()
    {
        string csv = Csv("file,style\nsongs/a.mid,rock\nb.mid,funk\na.mid,jazz\n");
        var metadata = FileMetadata.Load(csv);

        Assert.That(() => metadata.LabelsOf(Midi), Throws.TypeOf<InvalidDataException>().With.Message.EqualTo(
            $"{csv}: rows 2 and 4 name {Midi} with different labels; keep one"));
    }

    [Test]
    public void AColumnNamedTwiceIsAnError()
    {
        string csv = Csv("file,style,style\na.mid,rock,jazz\n");
        Assert.That(() => FileMetadata.Load(csv), Throws.TypeOf<InvalidDataException>().With.Message.EqualTo(
            $"{csv}: the header names the column 'style' twice"));
    }

    [Test]
    public void AFolderIsNotAMetadataFile()
    {
        Assert.That(() => FileMetadata.Load(_folder), Throws.TypeOf<InvalidDataException>().With.Message.EqualTo(
            $"{_folder} is a folder, not a metadata CSV"));
    }
}
