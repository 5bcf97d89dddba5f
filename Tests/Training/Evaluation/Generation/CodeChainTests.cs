using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Training.Evaluation.Generation;

public class CodeChainTests
{
    private static (int Atom, float Value)[] Column(params int[] atoms) => [.. atoms.Select(a => (a, 1f))];

    private static int[][] Atoms(IReadOnlyList<(int Atom, float Value)[]> columns)
        => [.. columns.Select(c => c.Select(e => e.Atom).ToArray())];

    [Test]
    public void EachColumnFollowsAPlaceWhereItsAtomWasPlayedAndBeatsStayInPlace()
    {
        var chain = new CodeChain(columnsPerBar: 2);
        chain.Add([Column(1), Column(2), Column(3), Column(4)]);
        var random = new Random(3);

        for (int trial = 0; trial < 50; trial++)
        {
            var sampled = Atoms(chain.Sample(6, random));
            for (int l = 0; l < 6; l++)
                Assert.That(sampled[l][0] % 2, Is.EqualTo(l % 2 == 0 ? 1 : 0),
                    "a bar's first column is one the data played first in a bar, its second one played second");
            for (int l = 0; l + 1 < 6; l++)
                if (sampled[l][0] is 1 or 2 or 3)
                    Assert.That(sampled[l + 1][0], Is.EqualTo(sampled[l][0] + 1), "only one thing ever came next");
        }
        Assert.That(chain.Columns, Is.EqualTo(4));
    }

    [Test]
    public void AnAtomPlayedInTwoPlacesContinuesEitherWayAndAnEmptyColumnStandsForItself()
    {
        var chain = new CodeChain(columnsPerBar: 1);
        chain.Add([Column(7), Column(8)]);
        chain.Add([Column(7, 5), Column(9)]);
        chain.Add([Column(), Column(6)]);
        var random = new Random(1);
        var afterSeven = new HashSet<int>();
        var afterEmpty = new HashSet<int>();

        for (int trial = 0; trial < 200; trial++)
        {
            var sampled = Atoms(chain.Sample(2, random));
            if (sampled[0].Length == 0) afterEmpty.UnionWith(sampled[1]);
            else if (sampled[0].SequenceEqual([7])) afterSeven.UnionWith(sampled[1]);
        }

        Assert.That(afterSeven, Is.EquivalentTo(new[] { 8, 9 }),
            "after 7 comes what followed either place that played it, nothing else");
        Assert.That(afterEmpty, Is.EquivalentTo(new[] { 6 }), "after silence comes what followed silence");
    }

    [Test]
    public void AChainWithNothingInItOrNoColumnsPerBarIsRefused()
    {
        Assert.That(() => new CodeChain(columnsPerBar: 2).Sample(1, new Random(1)),
            Throws.InvalidOperationException.With.Message.Contains("no columns"));
        Assert.That(() => new CodeChain(columnsPerBar: 0), Throws.ArgumentException);
    }
}
