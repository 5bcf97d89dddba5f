using TcnWtaNative.Kernels;

namespace TcnWtaNative.Tests.Support;

/// <summary>
/// Winner-take-all codes and the buffers of a decoder with its loss, for the SIMD backend's products over a code's
/// non-zeros: each test asserts the code takes the path it means to test.
/// </summary>
public static class WinnerCodes
{
    /// <summary>
    /// code[B, N, L] with k distinct atoms lit per column (magnitudes in [0.1, 1], either sign) and every fifth column
    /// empty.
    /// </summary>
    public static float[] Random(ConvGeometry g, int k, int seed)
    {
        var random = new Random(seed);
        var code = new float[g.OutputSize];
        for (int b = 0; b < g.Batch; b++)
        for (int l = 0; l < g.OutLength; l++)
        {
            if ((b * g.OutLength + l) % 5 == 4) continue;
            foreach (int n in Enumerable.Range(0, g.OutChannels).OrderBy(_ => random.Next()).Take(k))
                code[(b * g.OutChannels + n) * g.OutLength + l] =
                    (random.Next(2) == 0 ? -1f : 1f) * (0.1f + 0.9f * random.NextSingle());
        }
        return code;
    }

    /// <summary>
    /// Conv1dBackwardInputWithLoss' buffers for a code: the code, weights, a target (a hit grid for the hits loss),
    /// the prediction and the gradient (NaN, overwritten), and with <paramref name="masked"/> a time mask keeping
    /// about 70 % of the steps (all of the first item's).
    /// </summary>
    public static float[][] DecoderWithLossBuffers(ConvGeometry g, float[] code, LossSpec loss, bool masked)
    {
        var timeMask = RandomTensors.ToFloat(RandomTensors.BinaryMask(g.Batch * g.InLength, 7, keep: 0.7));
        timeMask.AsSpan(0, g.InLength).Fill(1f);
        List<float[]> buffers = [code, RandomTensors.UniformFloat(g.WeightSize, 9),
            loss.Kind == LossKind.Hits
                ? RandomTensors.ToFloat(RandomTensors.HitGrid(g.Batch, g.InChannels, g.InLength, loss.HitChannels, 10))
                : RandomTensors.UniformFloat(g.InputSize, 10),
            Garbage(g.InputSize), Garbage(g.InputSize)];
        if (masked) buffers.Add(timeMask);
        return [.. buffers];
    }

    /// <summary>NaN in every entry: an output the op must overwrite.</summary>
    public static float[] Garbage(int length) => Enumerable.Repeat(float.NaN, length).ToArray();
}
