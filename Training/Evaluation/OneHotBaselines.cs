using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Training.Evaluation;

/// <summary>
/// <see cref="LossBaselines"/> of pieces held as event ids (<see cref="EventPieceSet"/>), without rendering their
/// one-hot signals [C, T_i]: step t is 1 in channel id_t and 0 in the other C - 1, so every sum over the C x T values
/// is a sum over the T steps (maestro-paper's train split: 23 M steps instead of 8.9 G values, half a second instead
/// of 38). The mean frame's sums add the same ones as the rendered signal's, so it is the same to the bit; the errors
/// are the same terms added in another order.
/// </summary>
internal static class OneHotBaselines
{
    /// <summary>
    /// Per frame position j: sums[c * K + j], the steps whose event is c, and counts[j], all steps (each piece's step t
    /// at position t mod K, as the rendered pieces count them).
    /// </summary>
    public static (double[] Sums, long[] Counts) CountEvents(EventPieceSet set, int frameLength)
    {
        var sums = new double[set.Channels * frameLength];
        var counts = new long[frameLength];
        for (int i = 0; i < set.Count; i++)
        {
            var events = set.EventsOf(i);
            for (int t = 0, position = 0; t < events.Length; t++, position = LossBaselines.Next(position, frameLength))
            {
                counts[position]++;
                sums[events[t] * frameLength + position]++;
            }
        }
        return (sums, counts);
    }

    /// <summary>
    /// The summed errors of an all-zero output and of <paramref name="meanFrame"/> [C, K] repeated, over every value of
    /// every piece, and how many values that is.
    /// </summary>
    public static (double Zeros, double MeanFrame, long Values) Errors(EventPieceSet set, float[] meanFrame,
        int frameLength, LossKind loss)
    {
        int channels = set.Channels;
        var silentStep = new double[frameLength];   // the mean frame's error at position j against a step of zeros
        for (int c = 0; c < channels; c++)
            for (int j = 0; j < frameLength; j++)
                silentStep[j] += LossBaselines.Error(meanFrame[c * frameLength + j], 0, loss);
        double zeros = 0, frame = 0, hit = LossBaselines.Error(0, 1, loss);
        long steps = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var events = set.EventsOf(i);
            steps += events.Length;
            for (int t = 0, position = 0; t < events.Length; t++, position = LossBaselines.Next(position, frameLength))
            {
                double mean = meanFrame[events[t] * frameLength + position];
                zeros += hit;
                frame += silentStep[position] - LossBaselines.Error(mean, 0, loss) + LossBaselines.Error(mean, 1, loss);
            }
        }
        return (zeros, frame, steps * channels);
    }
}
