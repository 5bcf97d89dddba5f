using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// The stratified group K-fold assignment: whole groups to folds, labels balanced as the groups allow.
/// </summary>
public class StratifiedGroupFoldsTests
{
    private const int MaxGroupSize = 4;

    // 60 groups of 1 to 4 pieces; the first 40 hold one label each (a, b or c in turn), the last 20 mix a and b
    private static readonly (string Label, string Group)[] Pieces = [.. Enumerable.Range(0, 60).SelectMany(g =>
        Enumerable.Range(0, 1 + (7 * g) % MaxGroupSize).Select(i =>
            (g < 40 ? "abc"[g % 3].ToString() : "ab"[i % 2].ToString(), $"g{g}")))];

    private static string[] Labels => [.. Pieces.Select(p => p.Label)];

    private static string[] Groups => [.. Pieces.Select(p => p.Group)];

    [Test]
    public void NoGroupSpansTwoFoldsAndEveryPieceHasOne()
    {
        var fold = StratifiedGroupFolds.Assign(Labels, Groups, 5);

        Assert.That(fold, Has.Length.EqualTo(Pieces.Length));
        Assert.That(fold, Is.All.InRange(0, 4));
        Assert.That(Enumerable.Range(0, 5).Select(f => fold.Count(x => x == f)), Is.All.Positive, "no empty fold");
        foreach (var group in Enumerable.Range(0, Pieces.Length).GroupBy(i => Groups[i]))
            Assert.That(group.Select(i => fold[i]).Distinct().Count(), Is.EqualTo(1), group.Key);
    }

    [Test]
    public void EachLabelsShareOfEveryFoldIsWithinOneGroupOfStratified()
    {
        const int folds = 4;
        var fold = StratifiedGroupFolds.Assign(Labels, Groups, folds);

        foreach (string label in Labels.Distinct())
        {
            var perFold = Enumerable.Range(0, folds)
                .Select(f => Enumerable.Range(0, Pieces.Length).Count(i => Labels[i] == label && fold[i] == f))
                .ToList();
            double target = perFold.Sum() / (double)folds;
            Assert.That(perFold.Select(count => Math.Abs(count - target)),
                Is.All.LessThanOrEqualTo(MaxGroupSize), $"label {label}: {string.Join(", ", perFold)}");
        }
    }

    [Test]
    public void ASeedGivesTheSameFoldsAndAnotherSeedOthers()
    {
        var first = StratifiedGroupFolds.Assign(Labels, Groups, 3, seed: 5);

        Assert.That(StratifiedGroupFolds.Assign(Labels, Groups, 3, seed: 5), Is.EqualTo(first));
        Assert.That(StratifiedGroupFolds.Assign(Labels, Groups, 3, seed: 6), Is.Not.EqualTo(first));
    }

    [Test]
    public void UngroupedPiecesAreGroupsOfOne()
    {
        var fold = StratifiedGroupFolds.Assign(Labels, [.. Pieces.Select((_, i) => $"{i}")], 3);

        foreach (string label in Labels.Distinct())
        {
            var perFold = Enumerable.Range(0, 3)
                .Select(f => Enumerable.Range(0, Pieces.Length).Count(i => Labels[i] == label && fold[i] == f));
            Assert.That(perFold.Max() - perFold.Min(), Is.LessThanOrEqualTo(1), $"label {label}");
        }
    }

    [Test]
    public void FewerGroupsThanFoldsAreAClearError()
        => Assert.That(() => StratifiedGroupFolds.Assign(["a", "b", "a", "b"], ["x", "x", "y", "y"], 3),
            Throws.ArgumentException.With.Message.EqualTo("2 groups cannot fill 3 folds; use fewer folds"));

    [Test]
    public void ALabelInOneGroupIsAClearErrorNamingIt()
        => Assert.That(() => StratifiedGroupFolds.Assign(["a", "a", "b", "b", "c", "c"],
                ["x", "y", "x", "y", "z", "z"], 2),
            Throws.ArgumentException.With.Message.StartsWith("label c: its 2 pooled pieces lie in 1 group(s), "
                + "all in one fold"));
}
