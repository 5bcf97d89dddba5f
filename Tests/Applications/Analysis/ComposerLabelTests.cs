using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>Which MAESTRO pieces a composer study keeps: single-composer pieces of composers with enough.</summary>
public class ComposerLabelTests
{
    [Test]
    public void JointPiecesAreLeftOutAndRareComposersDropped()
    {
        string dir = TestData.TempDir();
        try
        {
            var rows = new List<string>
            {
                "canonical_composer,canonical_title,split,year,midi_filename,audio_filename,duration",
            };
            void Add(string composer, string split, int count)
            {
                for (int i = 0; i < count; i++)
                    rows.Add($"\"{composer}\",Piece {rows.Count},{split},2018,{split}/{rows.Count}.midi,x.wav,60");
            }
            Add("Franz Liszt", "train", 6); Add("Franz Liszt", "test", 5); Add("Franz Liszt", "validation", 2);
            Add("Frédéric Chopin", "train", 4); Add("Frédéric Chopin", "test", 6);
            Add("Frédéric Chopin", "validation", 1);
            Add("Franz Schubert / Franz Liszt", "train", 9); Add("Franz Schubert / Franz Liszt", "test", 9);
            Add("Joseph Haydn", "train", 8); Add("Joseph Haydn", "test", 2);
            File.WriteAllLines(Path.Combine(dir, MaestroIndex.CsvFileName), rows);

            var pieces = PieceLabels.Load(PieceLabels.Maestro, dir, "composer");
            var selection = PieceSelection.Choose(pieces, "test", minTrainPerLabel: 3, minHeldOutPerLabel: 5);

            Assert.That(pieces.Select(p => p.Label).Distinct(),
                Is.EquivalentTo(new[] { "Franz Liszt", "Frédéric Chopin", "Joseph Haydn" }),
                "the Schubert / Liszt arrangement belongs to neither");
            Assert.That(pieces, Has.Count.EqualTo(6 + 5 + 2 + 4 + 6 + 1 + 8 + 2));
            Assert.That(selection.Labels, Is.EqualTo(new[] { "Franz Liszt", "Frédéric Chopin" }));
            Assert.That(selection.Dropped, Is.EqualTo(new[] { "Joseph Haydn: dropped, 2 test pieces (fewer than 5)" }));
            Assert.That(selection.HeldOut, Has.Count.EqualTo(11), "every test piece of the kept composers");
            Assert.That(selection.Tuning.Select(p => p.Label),
                Is.EqualTo(new[] { "Franz Liszt", "Franz Liszt", "Frédéric Chopin" }),
                "the validation split tunes λ");
            Assert.That(PieceSelection.Choose(pieces, "validation", 3, minHeldOutPerLabel: 1).Tuning, Is.Empty,
                "nothing is left to tune on when validation is the scored split");
        }
        finally { Directory.Delete(dir, true); }
    }
}
