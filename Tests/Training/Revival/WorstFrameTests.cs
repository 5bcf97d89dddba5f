using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Revival;

namespace TcnWtaNative.Tests.Training.Revival;

/// <summary>The frame errors and the ranking that choose the frames revived atoms start from.</summary>
public class WorstFrameTests
{
    [Test]
    public void TheRankingKeepsTheWorstWholeFramesWithTiesToTheLowerItemInAnyOrder()
    {
        // e[2, 3] for items 7 and 4, frames of 2 steps; item 4 is valid for 5 steps, so its third frame (error 9) is
        // partial
        float[] errors = [0.5f, 3f, 1f, 2f, 3f, 9f];
        var forward = new WorstFrameRanking(3);
        forward.Offer(errors, [7, 4], 2, [6, 5]);
        forward.Offer(new WorstFrame(1, 0, float.NaN));
        var backward = new WorstFrameRanking(3);
        backward.Offer([2f, 3f, 9f, 0.5f, 3f, 1f], [4, 7], 2, [5, 6]);

        var expected = new[] { new WorstFrame(4, 2, 3f), new WorstFrame(7, 2, 3f), new WorstFrame(4, 0, 2f) };
        Assert.That(forward.Frames, Is.EqualTo(expected));
        Assert.That(backward.Frames, Is.EqualTo(expected));
        var none = new WorstFrameRanking(0);
        none.Offer(errors, [7, 4], 2, null);
        Assert.That(none.Frames, Is.Empty);
    }

    [Test]
    public void FrameErrorsAreTheSquaredErrorOfEachFrameAgainstTheZeroPaddedInput()
    {
        const int batch = 2, channels = 3, length = 5, frameLength = 2, padded = 6;
        var random = new Random(8);
        var x = Enumerable.Range(0, batch * channels * length).Select(_ => (float)random.NextDouble()).ToArray();
        var y = Enumerable.Range(0, batch * channels * padded).Select(_ => (float)random.NextDouble()).ToArray();
        var expected = new float[batch * padded / frameLength];
        for (int b = 0; b < batch; b++)
        for (int c = 0; c < channels; c++)
        for (int t = 0; t < padded; t++)
        {
            float input = t < length ? x[(b * channels + c) * length + t] : 0f;
            float difference = y[(b * channels + c) * padded + t] - input;
            expected[b * padded / frameLength + t / frameLength] += difference * difference;
        }

        foreach (IComputeBackend backend in new IComputeBackend[] { new CpuBackend(), new ScalarBackend() })
        using (backend)
        using (var input = Tensor.FromHost(backend, x, batch, channels, length))
        using (var reconstruction = Tensor.FromHost(backend, y, batch, channels, padded))
        using (var errors = new FrameErrors(backend))
            Assert.That(errors.Of(input, reconstruction, frameLength).ToArray(), Is.EqualTo(expected).Within(1e-5f),
                backend.Name);
    }
}
