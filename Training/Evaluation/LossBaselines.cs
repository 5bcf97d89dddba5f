using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Training.Evaluation;

/// <summary>
/// The loss of two outputs that need no model, the reference points a reconstruction loss is read against: an
/// all-zero output, and the mean frame [C, K] of the training data (each channel's mean at each of the K steps of a
/// frame) repeated along time, the best a dictionary of one atom used everywhere with weight 1 can do. Both are the
/// model's loss (MSE or L1, the mean over valid values, padding left out), so they compare with its train and
/// validation losses directly. The hits loss scores logits and has no such baselines here.
/// </summary>
public sealed record LossBaselines(double Zeros, double MeanFrame)
{
    /// <summary>True for the losses these baselines are defined for: MSE and L1.</summary>
    public static bool Apply(LossKind loss) => loss is LossKind.Mse or LossKind.L1;

    /// <summary>The mean frame [C, K] of every item's valid steps, step t counted at frame position t mod K.</summary>
    public static float[] FitMeanFrame(IBatchSource set, int frameLength)
    {
        var sums = new double[set.Channels * frameLength];
        var counts = new long[frameLength];
        foreach (var (batch, length) in Items(set))
            for (int t = 0; t < length; t++)
            {
                counts[t % frameLength]++;
                for (int c = 0; c < set.Channels; c++)
                    sums[c * frameLength + t % frameLength] += batch.Values[c * batch.Length + t];
            }
        return [.. sums.Select((sum, i) => (float)(sum / Math.Max(1, counts[i % frameLength])))];
    }

    /// <summary>Both baselines over <paramref name="set"/>, the mean frame [C, K] fitted elsewhere (on the train split).</summary>
    public static LossBaselines Measure(IBatchSource set, float[] meanFrame, int frameLength, LossKind loss)
    {
        if (!Apply(loss)) throw new NotSupportedException($"no loss baselines for the {loss} loss");
        double zeros = 0, mean = 0;
        long values = 0;
        foreach (var (batch, length) in Items(set))
            for (int c = 0; c < set.Channels; c++)
                for (int t = 0; t < length; t++)
                {
                    double x = batch.Values[c * batch.Length + t];
                    zeros += Error(0, x, loss);
                    mean += Error(meanFrame[c * frameLength + t % frameLength], x, loss);
                    values++;
                }
        return new LossBaselines(zeros / Math.Max(1, values), mean / Math.Max(1, values));
    }

    /// <summary>"all zeros 0.0123, mean frame 0.00980".</summary>
    public string Describe() => FormattableString.Invariant($"all zeros {Zeros:G4}, mean frame {MeanFrame:G4}");

    private static double Error(double output, double target, LossKind loss)
        => loss == LossKind.L1 ? Math.Abs(output - target) : (output - target) * (output - target);

    // each item alone [1, C, T_i], with its valid length
    private static IEnumerable<(HostBatch Batch, int Length)> Items(IBatchSource set)
    {
        for (int i = 0; i < set.Count; i++)
        {
            var batch = set.Gather([i]);
            yield return (batch, batch.ValidLengths?[0] ?? batch.Length);
        }
    }
}
