using TcnWtaNative.Tests.Support;
using static TcnWtaNative.Tests.Support.FiniteDifference;
using Ops = TcnWtaNative.Kernels.Reference.ReferenceOps<double>;

namespace TcnWtaNative.Tests.Kernels.GradientChecks;

/// <summary>
/// The hits loss over prediction (logits on the hit rows), target [B,C,T] with 0/1 hit rows and a time mask [B,T], in
/// float64: the value against the plain formula (-x log sigmoid(y) - (1-x) log(1-sigmoid(y)) on hit rows, x_hit (y-x)^2
/// on value rows, over the unmasked count), the written gradient against central differences, extreme logits.
/// </summary>
public class HitLossGradientTests
{
    private const int Batch = 3, HitChannels = 2, Channels = 3 * HitChannels, Length = 7;
    private const int Size = Batch * Channels * Length;

    private static double Evaluate(double[] prediction, double[] target, double[] timeMask, double[] gradient)
        => Ops.HitLoss(Batch, Channels, Length, HitChannels, prediction, target, timeMask, gradient);

    private static double Evaluate(double[] prediction, double[] target, double[] timeMask)
        => Evaluate(prediction, target, timeMask, new double[Size]);

    private static double[] Target(int seed) => RandomTensors.HitGrid(Batch, Channels, Length, HitChannels, seed);

    private static double[] Logits(int seed) => RandomTensors.Uniform(Size, seed, -4, 4);

    [Test]
    public void GradientMatchesCentralDifferences([Values] bool masked)
    {
        var prediction = Logits(1);
        var target = Target(2);
        var timeMask = masked ? RandomTensors.BinaryMask(Batch * Length, 3) : [];
        var gradient = new double[Size];
        Evaluate(prediction, target, timeMask, gradient);

        AssertGradient("hits d/dprediction", p => Evaluate(p, target, timeMask), prediction, gradient);
    }

    [Test]
    public void TheValueIsCrossEntropyOnHitsPlusHitWeightedSquaresOverTheUnmaskedCount()
    {
        var prediction = Logits(4);
        var target = Target(5);
        var timeMask = RandomTensors.BinaryMask(Batch * Length, 6);
        var gradient = RandomTensors.Uniform(Size, 7);   // garbage that must be overwritten
        double value = Evaluate(prediction, target, timeMask, gradient);

        double total = 0;
        int count = 0, weightedValues = 0;
        for (int b = 0; b < Batch; b++)
        for (int c = 0; c < Channels; c++)
        for (int t = 0; t < Length; t++)
        {
            int i = (b * Channels + c) * Length + t;
            if (timeMask[b * Length + t] == 0)
            {
                Assert.That(gradient[i], Is.Zero, $"gradient at masked [{b},{c},{t}]");
                continue;
            }
            count++;
            double y = prediction[i], x = target[i];
            if (c < HitChannels)
            {
                double p = 1 / (1 + Math.Exp(-y));
                total += -x * Math.Log(p) - (1 - x) * Math.Log(1 - p);
                continue;
            }
            double hit = target[(b * Channels + (c - HitChannels) % HitChannels) * Length + t];
            if (hit == 0) Assert.That(gradient[i], Is.Zero, $"value [{b},{c},{t}] without a hit gets no gradient");
            else weightedValues++;
            total += hit * (y - x) * (y - x);
        }

        Assert.That(timeMask, Has.Some.Zero, "the mask hides something");
        Assert.That(weightedValues, Is.GreaterThan(0), "some value entries lie under a hit");
        Assert.That(value, Is.EqualTo(total / count).Within(1e-10).Percent);
    }

    [Test]
    public void ExtremeLogitsGiveFiniteLossAndSaturatedGradients()
    {
        var target = Target(8);
        var prediction = new double[Size];
        for (int i = 0; i < Size; i++)
            prediction[i] = i / Length % Channels < HitChannels ? (target[i] == 1 ? 800 : -800) : target[i];
        var gradient = new double[Size];
        Assert.That(Evaluate(prediction, target, [], gradient), Is.EqualTo(0).Within(1e-12),
            "confident and right: no loss");

        for (int i = 0; i < Size; i++) if (i / Length % Channels < HitChannels) prediction[i] = -prediction[i];
        double wrong = Evaluate(prediction, target, [], gradient);
        int hitEntries = Batch * HitChannels * Length;
        Assert.That(wrong, Is.EqualTo(800.0 * hitEntries / Size).Within(1e-9).Percent,
            "confident and wrong: |y| per hit entry");
        for (int i = 0; i < Size; i++)
            if (i / Length % Channels < HitChannels)
                Assert.That(gradient[i], Is.EqualTo((target[i] == 1 ? -1.0 : 1.0) / Size).Within(1e-12),
                    $"saturated gradient at {i}");
    }

    [Test]
    public void AFullyMaskedBatchHasZeroLossAndZeroGradient()
    {
        var gradient = RandomTensors.Uniform(Size, 11);
        Assert.That(Evaluate(Logits(9), Target(10), new double[Batch * Length], gradient), Is.Zero);
        Assert.That(gradient, Has.All.Zero);
    }
}
