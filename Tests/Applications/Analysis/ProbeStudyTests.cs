using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>Probes on synthetic pieces whose classes only one feature set separates.</summary>
public class ProbeStudyTests
{
    private const string Baseline = PieceFeatures.PitchClasses;
    private static readonly string[] Classes = ["a", "b", "c"];
    private static readonly double[] Grid = [1e-3, 1e-1, 10];

    // 4 atoms: mean, usage, spread, active mean, local max, the intervals, the decoded frames and the baseline are
    // noise alike for every class; atom c's max is high in class c only
    internal static List<PieceFeatures> Pieces(int perClass, int seed)
    {
        var random = new Random(seed);
        double[] Noise(int count) => [.. Enumerable.Range(0, count).Select(_ => random.NextDouble())];
        return [.. Classes.SelectMany((label, c) => Enumerable.Range(0, perClass).Select(i =>
        {
            var max = Noise(4).Select(v => 0.3 * v).ToArray();
            max[c] += 1;
            var code = new PooledCode(Noise(4), max, Noise(4), Noise(4), Noise(4), Noise(4));
            var baselines = new Dictionary<string, double[]> { [Baseline] = Noise(12) };
            return new PieceFeatures(new LabeledPiece($"{label}{i}.mid", label, "x"), code, baselines,
                Noise(AtomIntervals.Count), new DrumFrames(Noise(6), Noise(6)));
        }))];
    }

    [Test]
    public void OnlyTheSetThatSeparatesTheClassesScoresWell()
    {
        var sets = FeatureSet.CodeSets.Append(new FeatureSet(Baseline, false, p => p.Baselines[Baseline])).ToList();

        var study = ProbeStudy.Run(Pieces(30, seed: 1), Pieces(10, seed: 2), Pieces(20, seed: 3), sets, Grid);

        var accuracy = study.Rows.ToDictionary(r => r.Features.Name, r => r.Accuracy.Accuracy);
        Assert.That(study.Rows.Select(r => r.Dimensions),
            Is.EqualTo(new[] { 4, 4, 4, 8, 12, 4, 4, 4, 4, 16, 4, 16, 74, 78, 6, 6, 10, 12 }));
        Assert.That(accuracy["max"], Is.GreaterThanOrEqualTo(0.9));
        Assert.That(accuracy["mean+max"], Is.GreaterThanOrEqualTo(0.85));
        Assert.That(accuracy["all"], Is.GreaterThanOrEqualTo(0.85));
        Assert.That(accuracy["mean"], Is.LessThan(0.6), "noise: near the chance of 1/3");
        Assert.That(accuracy["usage"], Is.LessThan(0.6));
        Assert.That(accuracy["max-l2"], Is.GreaterThanOrEqualTo(0.85), "the max scaled to unit length keeps its peak");
        Assert.That(accuracy["max+baselines"], Is.GreaterThanOrEqualTo(0.85));
        Assert.That(accuracy["spread"], Is.LessThan(0.6));
        Assert.That(accuracy["active-mean"], Is.LessThan(0.6));
        Assert.That(accuracy["sqrt-mean"], Is.LessThan(0.6));
        Assert.That(accuracy["local-max"], Is.LessThan(0.6));
        Assert.That(accuracy["intervals"], Is.LessThan(0.6));
        Assert.That(accuracy["max+intervals"], Is.GreaterThanOrEqualTo(0.85));
        Assert.That(accuracy["decoded-mean"], Is.LessThan(0.6));
        Assert.That(accuracy["decoded-profile"], Is.LessThan(0.6));
        Assert.That(accuracy["max+decoded-profile"], Is.GreaterThanOrEqualTo(0.85));
        Assert.That(accuracy[Baseline], Is.LessThan(0.6));
        Assert.That(study.Chance.Accuracy, Is.EqualTo(1 / 3.0).Within(1e-12));
        Assert.That((study.TrainCount, study.TuningCount, study.HeldOutCount, study.ClassCount),
            Is.EqualTo((90, 30, 60, 3)));
        Assert.That(study.Rows.All(r => Grid.Contains(r.L2) && r.Tuning?.Total == 30));
    }

    [Test]
    public void TheTuningSetChoosesλ()
    {
        var train = Pieces(30, seed: 1);
        var tuning = Pieces(10, seed: 2);
        var set = FeatureSet.Code("max");

        var probe = TunedProbe.Fit([.. train.Select(set.Of)], [.. train.Select(p => p.Piece.Label)],
            [.. tuning.Select(set.Of)], [.. tuning.Select(p => p.Piece.Label)], [1e4, 1e-2]);

        Assert.That(probe.L2, Is.EqualTo(1e-2), "λ = 10^4 leaves nearly no weights: chance on the tuning pieces");
        Assert.That(probe.Tuning!.Accuracy, Is.GreaterThanOrEqualTo(0.9));
    }

    [Test]
    public void SeveralλWithoutTuningPiecesIsAClearError()
    {
        var train = Pieces(5, seed: 1);
        Assert.That(
            () => TunedProbe.Fit([.. train.Select(p => p.Code.Max)], [.. train.Select(p => p.Piece.Label)], [], [],
            Grid), Throws.ArgumentException.With.Message.Contains("needs tuning pieces"));
    }

    [Test]
    public void IntervalsOfAModelThatIsNotAPianoRollAreAClearError()
    {
        var piece = Pieces(1, seed: 1)[0] with { Intervals = null };
        Assert.That(() => FeatureSet.Code("intervals").Of(piece),
            Throws.ArgumentException.With.Message.Contains("need a model of a piano roll"));
    }

    [Test]
    public void UnknownFeatureSetIsAClearError()
        => Assert.That(() => FeatureSet.Code("median"),
            Throws.ArgumentException.With.Message.Contains("mean, max, usage, mean+max, all"));
}
