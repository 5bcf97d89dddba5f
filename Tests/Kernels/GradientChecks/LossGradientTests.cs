using TcnWtaNative.Tests.Support;
using static TcnWtaNative.Tests.Support.FiniteDifference;
using Ops = TcnWtaNative.Kernels.Reference.ReferenceOps<double>;

namespace TcnWtaNative.Tests.Kernels.GradientChecks;

/// <summary>
/// MSE and L1 over prediction, target [B,C,T] with an optional time mask [B,T], in float64: the written gradient
/// against central differences of the returned loss, and the mean taken over unmasked entries only.
/// </summary>
public class LossGradientTests
{
    private const int Batch = 3, Channels = 4, Length = 7;
    private const int Size = Batch * Channels * Length;

    public enum Loss { Mse, L1 }

    private static double Evaluate(Loss loss, double[] prediction, double[] target, double[] timeMask,
        double[] gradient)
        => loss == Loss.Mse
            ? Ops.MseLoss(Batch, Channels, Length, prediction, target, timeMask, gradient)
            : Ops.L1Loss(Batch, Channels, Length, prediction, target, timeMask, gradient);

    private static double Evaluate(Loss loss, double[] prediction, double[] target, double[] timeMask)
        => Evaluate(loss, prediction, target, timeMask, new double[Size]);

    // A prediction that differs from the target by at least 1e-3 everywhere: |y - x| has no kink within the step.
    private static (double[] Prediction, double[] Target) Pair(int seed)
    {
        var target = RandomTensors.Uniform(Size, seed);
        var offset = RandomTensors.AwayFromZero(Size, seed + 1, margin: 1e-3);
        return (target.Zip(offset, (x, d) => x + d).ToArray(), target);
    }

    private static double[] NoMask => [];

    [Test]
    public void GradientMatchesCentralDifferences([Values] Loss loss, [Values] bool masked)
    {
        var (prediction, target) = Pair(1);
        var timeMask = masked ? RandomTensors.BinaryMask(Batch * Length, 3) : NoMask;
        var gradient = new double[Size];
        Evaluate(loss, prediction, target, timeMask, gradient);

        AssertGradient($"{loss} d/dprediction", p => Evaluate(loss, p, target, timeMask), prediction, gradient);
    }

    [Test]
    public void TheMeanRunsOverUnmaskedEntriesOnlyAndMaskedEntriesGetNoGradient([Values] Loss loss)
    {
        var (prediction, target) = Pair(4);
        var timeMask = RandomTensors.BinaryMask(Batch * Length, 6);
        var gradient = RandomTensors.Uniform(Size, 7);   // garbage that must be overwritten
        double value = Evaluate(loss, prediction, target, timeMask, gradient);

        double total = 0;
        int count = 0;
        var moved = (double[])prediction.Clone();
        for (int b = 0; b < Batch; b++)
        for (int c = 0; c < Channels; c++)
        for (int t = 0; t < Length; t++)
        {
            int i = (b * Channels + c) * Length + t;
            if (timeMask[b * Length + t] == 0)
            {
                Assert.That(gradient[i], Is.Zero, $"gradient at masked [{b},{c},{t}]");
                moved[i] += 100;
                continue;
            }
            double difference = prediction[i] - target[i];
            total += loss == Loss.Mse ? difference * difference : Math.Abs(difference);
            count++;
        }

        Assert.That(timeMask, Has.Some.Zero, "the mask hides something");
        Assert.That(value, Is.EqualTo(total / count).Within(1e-12).Percent, "mean over the unmasked entries");
        Assert.That(Evaluate(loss, moved, target, timeMask), Is.EqualTo(value), "masked predictions do not count");
    }

    [Test]
    public void WithoutAMaskTheMeanRunsOverEveryEntry([Values] Loss loss)
    {
        var (prediction, target) = Pair(8);
        var allOnes = Enumerable.Repeat(1.0, Batch * Length).ToArray();
        double expected = prediction.Zip(target, (y, x) => loss == Loss.Mse ? (y - x) * (y - x) : Math.Abs(y - x))
            .Sum() / Size;

        Assert.That(Evaluate(loss, prediction, target, NoMask), Is.EqualTo(expected).Within(1e-12).Percent);
        Assert.That(Evaluate(loss, prediction, target, allOnes), Is.EqualTo(expected).Within(1e-12).Percent,
            "an all-ones mask changes nothing");
    }

    [Test]
    public void AFullyMaskedBatchHasZeroLossAndZeroGradient([Values] Loss loss)
    {
        var (prediction, target) = Pair(10);
        var gradient = RandomTensors.Uniform(Size, 11);
        double value = Evaluate(loss, prediction, target, new double[Batch * Length], gradient);

        Assert.That(value, Is.Zero);
        Assert.That(gradient, Has.All.Zero);
    }

    [Test]
    public void L1GradientAtEqualValuesIsZero()
    {
        var target = RandomTensors.Uniform(Size, 12);
        var gradient = RandomTensors.Uniform(Size, 13);
        Assert.That(Evaluate(Loss.L1, (double[])target.Clone(), target, NoMask, gradient), Is.Zero);
        Assert.That(gradient, Has.All.Zero, "sign(0) = 0");
    }
}
