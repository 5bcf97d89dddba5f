using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

public class PieceSelectionTests
{
    private static IEnumerable<LabeledPiece> Pieces(string label, string split, int count)
        => Enumerable.Range(0, count).Select(i => new LabeledPiece($"{label}-{split}-{i}.mid", label, split));

    [Test]
    public void DropsRareLabelsWithAReasonAndLimitsEachLabel()
    {
        var pieces = Pieces("a", "train", 10).Concat(Pieces("a", "test", 4)).Concat(Pieces("b", "train", 5))
            .Concat(Pieces("b", "test", 1))
            .Concat(Pieces("rare", "train", 2)).Concat(Pieces("rare", "test", 3)).Concat(Pieces("untested", "train", 9))
                .Concat(Pieces("b", "validation", 2))
            .ToList();

        var selection = PieceSelection.Choose(pieces, "test", minTrainPerLabel: 3, perLabel: 3);

        Assert.That(selection.Labels, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(selection.Dropped,
            Is.EqualTo(
                new[] { "rare: dropped, 2 training pieces (fewer than 3)", "untested: dropped, no test pieces" }));
        Assert.That(selection.Train.Count(p => p.Label == "a"), Is.EqualTo(3));
        Assert.That(selection.HeldOut.Select(p => p.Label), Is.EquivalentTo(new[] { "a", "a", "a", "b" }));
        Assert.That(selection.Train.Concat(selection.HeldOut).Distinct().Count(), Is.EqualTo(10),
            "3 + 3 training and 3 + 1 held-out pieces, none twice");
        Assert.That(PieceSelection.Choose(pieces, "test", 3, 3).Train, Is.EqualTo(selection.Train),
            "the same sample every run");
    }

    [Test]
    public void GroupingDropsALabelWhosePooledPiecesShareOneGroup()
    {
        LabeledPiece Piece(string label, string split, string group) => new($"{label}-{split}-{group}.mid", label,
            split, group);
        LabeledPiece[] pieces = [Piece("a", "train", "s1"), Piece("a", "validation", "s2"), Piece("a", "test", "s1"),
            Piece("b", "train", "s3"), Piece("b", "validation", "s3"), Piece("b", "test", "s4"),
            Piece("c", "train", "s5"), Piece("c", "train", "s6"), Piece("c", "test", "s5")];

        var grouped = PieceSelection.Choose(pieces, "test", minTrainPerLabel: 1, grouping: PieceGrouping.Session);
        var ungrouped = PieceSelection.Choose(pieces, "test", minTrainPerLabel: 1);

        Assert.That(grouped.Labels, Is.EqualTo(new[] { "a", "c" }), "a's validation piece is another session");
        Assert.That(grouped.Dropped, Is.EqualTo(new[] { "b: dropped, its pooled pieces all lie in one session (s3), "
            + "which no fold can hold out while another fold teaches the label" }));
        Assert.That(ungrouped.Labels, Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(() => PieceSelection.Choose(pieces, "validation", minTrainPerLabel: 1,
                grouping: PieceGrouping.Session),
            Throws.ArgumentException.With.Message.Contains("a: dropped, its pooled pieces all lie in one session (s1)"),
            "scoring validation pools the train split alone, where a has one session");
    }

    [Test]
    public void GroupingJudgesTheSampledPiecesNotTheWholePool()
    {
        LabeledPiece Piece(string label, string split, string group, int i = 0) => new(
            $"{label}-{split}-{group}-{i}.mid", label, split, group);
        LabeledPiece[] pieces = [Piece("a", "train", "s1"), Piece("a", "train", "s2"), Piece("a", "test", "s1"),
            Piece("b", "train", "s3"), Piece("b", "train", "s4"), Piece("b", "test", "s3"),
            .. Enumerable.Range(0, 9).Select(i => Piece("c", "train", "s5", i)), Piece("c", "train", "s6"),
            Piece("c", "test", "s5")];

        var selections = Enumerable.Range(1, 5).Select(seed => PieceSelection.Choose(pieces, "test",
            minTrainPerLabel: 1, perLabel: 2, seed: seed, grouping: PieceGrouping.Session)).ToList();

        foreach (var selection in selections)
        foreach (var label in selection.Labels)
            Assert.That(selection.Train.Where(p => p.Label == label).Select(p => p.Group).Distinct().Count(),
                Is.EqualTo(2), $"{label}: every kept label's sampled pieces span two sessions");
        var dropping = selections.Where(s => s.Dropped.Count > 0).ToList();
        Assert.That(dropping, Is.Not.Empty, "most samples of two of c's ten pieces take two of its nine in s5");
        foreach (var selection in dropping)
        {
            Assert.That(selection.Dropped, Is.EqualTo(new[] { "c: dropped, its pooled pieces all lie in one session "
                + "(s5) once sampled per label, which no fold can hold out while another fold teaches the label" }));
            Assert.That(selection.Train.Concat(selection.HeldOut).Select(p => p.Label).Distinct(),
                Is.EquivalentTo(new[] { "a", "b" }), "none of c's pieces stay");
        }
        Assert.That(() => PieceSelection.Choose(pieces, "test", minTrainPerLabel: 1, perLabel: 1,
                grouping: PieceGrouping.Session),
            Throws.ArgumentException.With.Message.Contains("fewer than two labels")
                .And.Message.Contains("--per-label"), "one piece a label lies in one session");
    }

    [Test]
    public void FewerThanTwoLabelsIsAClearError()
        => Assert.That(() => PieceSelection.Choose([.. Pieces("a", "train", 5), .. Pieces("a", "test", 5)], "test"),
            Throws.ArgumentException.With.Message.Contains("fewer than two labels"));
}
