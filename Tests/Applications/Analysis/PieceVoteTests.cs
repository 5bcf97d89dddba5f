using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>A piece predicted from its segments by summed log-probabilities, not by a majority of segments.</summary>
public class PieceVoteTests
{
    [Test]
    public void OneConfidentSegmentOutweighsTwoHesitantOnes()
    {
        // two segments lean to class 0 (majority vote: 0); one is nearly sure of class 1:
        // log 0.6 + log 0.6 + log 0.01 = -5.63 < log 0.4 + log 0.4 + log 0.99 = -1.84
        double[][] segments = [[0.6, 0.4], [0.6, 0.4], [0.01, 0.99]];
        int majority = segments.Select(p => p[1] > p[0] ? 1 : 0).GroupBy(k => k).MaxBy(g => g.Count())!.Key;

        Assert.That(majority, Is.EqualTo(0));
        Assert.That(PieceVote.Winner(segments), Is.EqualTo(1));
        var posterior = PieceVote.Posterior(segments);
        Assert.That(posterior.Sum(), Is.EqualTo(1).Within(1e-12));
        Assert.That(posterior[1] / posterior[0], Is.EqualTo(0.4 * 0.4 * 0.99 / (0.6 * 0.6 * 0.01)).Within(1e-9));
    }

    [Test]
    public void OneRowIsItsOwnPrediction()
    {
        double[] row = [0.2, 0.5, 0.3];

        Assert.That(PieceVote.Winner([row]), Is.EqualTo(1));
        Assert.That(PieceVote.Posterior([row]), Is.EqualTo(row));
    }

    [Test]
    public void ATieGoesToTheLowerClass() => Assert.That(PieceVote.Winner([[0.5, 0.5], [0.5, 0.5]]), Is.EqualTo(0));

    [Test]
    public void AZeroProbabilityStillLetsTheOtherRowsDecide()
        => Assert.That(PieceVote.Winner([[0, 1], [1, 0], [0.9, 0.1]]), Is.EqualTo(0),
            "each zero counts as the smallest double, so the third row breaks the tie");

    [Test]
    public void APieceNeedsARow()
        => Assert.That(() => PieceVote.Winner([]),
            Throws.ArgumentException.With.Message.EqualTo("a piece needs at least one row to be predicted"));
}
