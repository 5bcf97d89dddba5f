using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Configuration;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// `classify` and `styles` take `--offset-weight` as the applications do: it weighs OMP's pursuit of an onset-roll
/// model, and a weight the encoder or the model cannot use is refused before any piece is read.
/// </summary>
public sealed class ClassifyOffsetWeightTests
{
    // a MAESTRO-shaped folder of two composers, three train pieces, two test pieces and one validation piece each;
    // every piece ends three notes where two others begin, so OMP's first pick depends on the note ends' weight
    private static string ComposerFolder(string folder)
    {
        string dir = Directory.CreateDirectory(Path.Combine(folder, "maestro")).FullName;
        var rows = new List<string>
        {
            "canonical_composer,canonical_title,split,year,midi_filename,audio_filename,duration",
        };
        foreach (string composer in new[] { "Composer A", "Composer B" })
            foreach (string split in new[] { "train", "train", "train", "test", "test", "validation" })
            {
                int i = rows.Count, low = composer.EndsWith('A') ? 61 : 49;
                TimedNote[] notes = [new(low + 1, 80, 0, 0.5), new(low + 2, 80, 0, 0.5), new(low + 3, 80, 0, 0.5),
                    new(low, 90, 0.5, 0.5 + 0.1 * i), new(low + 10, 90, 0.5, 1)];
                MidiOutput.Write(PianoMidi.ToSong(notes), Path.Combine(dir, $"{i}.midi"));
                rows.Add($"{composer},Piece {i},{split},2018,{i}.midi,{i}.wav,2");
            }
        File.WriteAllLines(Path.Combine(dir, MaestroIndex.CsvFileName), rows);
        return dir;
    }

    [Test]
    public void ClassifyCodesWithTheGivenWeightAndBothRefuseOneThatCannotWeigh()
    {
        string folder = TestData.TempDir();
        string model = ModelOffsetWeightTests.SavedModel(folder, TrainingPresets.PianoNotes with { Data = "maestro" });
        string data = ComposerFolder(folder);
        string[] Classify(string modelPath, params string[] extra)
            => ["classify", "--model", modelPath, "--data", data, "--label", "composer", "--min-held-out", "1",
                "--device", "cpu", .. extra];

        var (exit, stdout, stderr) = CliRunner.Run(Classify(model, "--encoder", "omp", "--offset-weight", "0.5"));
        var (fileExit, fileOut, fileError) = CliRunner.Run(Classify(model, "--encoder", "omp"));
        var (wtaExit, _, wtaError) = CliRunner.Run(Classify(model, "--encoder", "wta", "--offset-weight", "0.5"));
        var (zeroExit, _, zeroError) = CliRunner.Run(Classify(model, "--encoder", "omp", "--offset-weight", "0"));
        var (grooveExit, _, grooveError) = CliRunner.Run("styles", "--model", TestModels.Synthetic, "--data",
            folder, "--label", "drummer", "--encoder", "omp", "--offset-weight", "0.5", "--out",
            Path.Combine(folder, "styles"), "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain("encoded 6 train pieces"));
        Assert.That(stdout,
            Does.Contain("code rows: the model's code over its 2 atoms, k = 1 (omp, note ends weigh 0.5)"));
        Assert.That(fileExit, Is.EqualTo(0), fileError);
        Assert.That(fileOut, Does.Contain("over its 2 atoms, k = 1 (omp, note ends weigh 0.25)"), "the model file's");
        Assert.That((wtaExit, wtaError.Trim().Split('\n').Last()), Is.EqualTo((1,
            "error: --offset-weight weighs OMP's squared error; --encoder wta does not pursue")));
        Assert.That((zeroExit, zeroError.Trim().Split('\n').Last()), Is.EqualTo((1,
            "error: --offset-weight: an offset weight must lie in [0.000001, 1000000], got 0")));
        Assert.That(wtaError + zeroError, Does.Not.Contain("encoded"), "refused before any piece is coded");
        Assert.That((grooveExit, grooveError.Trim().Split('\n').Last()), Is.EqualTo((1,
            "error: --offset-weight: an offset weight weighs the onset roll's note ends; this model's representation "
            + "is Groove")));
        Assert.That(Directory.Exists(Path.Combine(folder, "styles")), Is.False);
        Directory.Delete(folder, recursive: true);
    }
}
