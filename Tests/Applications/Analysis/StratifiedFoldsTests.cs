using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>The stratified K-fold assignment that cross-validated probes are scored on.</summary>
public class StratifiedFoldsTests
{
    // 3 labels of 11, 7 and 5 pieces, interleaved (piece i is the (5i mod 23)-th) so the input is not sorted by label
    private static readonly string[] Labels =
        [.. Enumerable.Range(0, 23).Select(i => (5 * i) % 23).Select(j => j < 11 ? "a" : j < 18 ? "b" : "c")];

    [Test]
    public void EveryPieceLandsInOneFoldAndEveryFoldHoldsEachLabelsShare()
    {
        var fold = StratifiedFolds.Assign(Labels, 4);

        Assert.That(fold, Has.Length.EqualTo(Labels.Length));
        Assert.That(fold, Is.All.InRange(0, 3));
        var sizes = Enumerable.Range(0, 4).Select(f => fold.Count(x => x == f)).ToList();
        Assert.That(sizes.Sum(), Is.EqualTo(23), "disjoint and covering");
        Assert.That(sizes.Max() - sizes.Min(), Is.LessThanOrEqualTo(1), "folds of 23 pieces: 6, 6, 6, 5");
        foreach (string label in Labels.Distinct())
        {
            var perFold = Enumerable.Range(0, 4)
                .Select(f => Enumerable.Range(0, Labels.Length).Count(i => Labels[i] == label && fold[i] == f))
                .ToList();
            Assert.That(perFold.Max() - perFold.Min(), Is.LessThanOrEqualTo(1), $"label {label}: {perFold.Sum()}");
        }
    }

    [Test]
    public void ASeedGivesTheSameFoldsAndAnotherSeedOthers()
    {
        var first = StratifiedFolds.Assign(Labels, 3, seed: 5);

        Assert.That(StratifiedFolds.Assign(Labels, 3, seed: 5), Is.EqualTo(first));
        Assert.That(StratifiedFolds.Assign(Labels, 3, seed: 6), Is.Not.EqualTo(first));
    }

    [TestCase(1, "cross-validation needs 2 or more folds, got 1")]
    [TestCase(0, "cross-validation needs 2 or more folds, got 0")]
    [TestCase(30, "30 folds need at least 30 pieces, got 23")]
    [TestCase(6, "label c has 5 pieces to pool, fewer than the 6 folds")]
    public void FoldsThatCannotHoldEveryLabelAreAClearError(int folds, string message)
        => Assert.That(() => StratifiedFolds.Assign(Labels, folds),
            Throws.ArgumentException.With.Message.Contains(message));
}
