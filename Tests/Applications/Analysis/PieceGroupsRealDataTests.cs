using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>The groups cross-validation keeps whole, read from the real Groove and MAESTRO metadata.</summary>
public class PieceGroupsRealDataTests
{
    [Test]
    public void GrooveSessionsAreTheFoldersAndSomeSpanTrainAndTest()
    {
        var pieces = PieceLabels.Load(PieceLabels.Groove, TestData.GrooveDir(), "drummer");

        Assert.That(pieces.Select(p => p.Group), Is.All.Not.Empty);
        Assert.That(pieces.Where(p => !p.Path.Replace('\\', '/').Contains($"/{p.Group}/")), Is.Empty,
            "a session is the folder drummerX/sessionY that holds its takes");
        Assert.That(pieces.Where(p => !p.Group.StartsWith(p.Label + "/", StringComparison.Ordinal)), Is.Empty,
            "a session belongs to one drummer");
        var splitsBySession = pieces.GroupBy(p => p.Group).ToDictionary(g => g.Key, g => g.Select(p => p.Split)
            .Distinct().ToList());
        Assert.That(splitsBySession.Values.Count(splits => splits.Contains("train") && splits.Contains("test")),
            Is.Positive, "the splits share sessions, which is why random folds leak");
        Assert.That(splitsBySession.Where(s => s.Key.EndsWith("/eval_session", StringComparison.Ordinal))
            .SelectMany(s => s.Value).Distinct(), Is.EqualTo(new[] { "test" }), "the eval sessions are test only");
    }

    [Test]
    public void MaestroCompositionsBelongToOneComposerAndGatherSeveralPerformances()
    {
        var pieces = PieceLabels.Load(PieceLabels.Maestro, TestData.MaestroDir(), "composer");

        Assert.That(pieces.Where(p => !p.Group.StartsWith(p.Label + ": ", StringComparison.Ordinal)), Is.Empty,
            "a composition is its composer and canonical title");
        Assert.That(pieces.GroupBy(p => p.Group).Count(g => g.Count() > 1), Is.Positive,
            "some compositions are played more than once");
        Assert.That(pieces.Select(p => p.Group).Distinct().Count(), Is.LessThan(pieces.Count));
    }
}
