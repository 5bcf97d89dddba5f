using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Engine;

/// <summary>Encoding a piece a window of frames at a time gives the whole piece's code, TCN context included.</summary>
public class WindowedEncodingTests
{
    [TestCase(0, 1)]
    [TestCase(2, 1)]
    [TestCase(2, 3)]
    [TestCase(3, 7)]
    public void WindowsJoinToTheWholePieceCode(int tcnBlocks, int windowFrames)
    {
        using var backend = new CpuBackend();
        var config = new AutoencoderConfig
        {
            InputChannels = 3, Atoms = 6, FrameLength = 4, TopK = 2, Sparsity = SparsityKind.ChannelTopK,
            TcnWidths = [.. Enumerable.Repeat(5, tcnBlocks)], TcnKernel = 3,
        };
        using var model = new Autoencoder(config, backend, seed: 11);
        int length = 83;   // 21 frames, the last one padded
        var random = new Random(4);
        var signal = Enumerable.Range(0, config.InputChannels * length)
            .Select(_ => (float)random.NextDouble()).ToArray();
        var whole = model.Encode(signal, length);

        var windows = new List<SparseCode>();
        WindowedEncoding.Encode(model, signal, length, windows.Add, windowFrames);

        Assert.That(windows.Sum(w => w.Columns), Is.EqualTo(whole.Columns));
        Assert.That(windows.All(w => w.Columns <= windowFrames));
        int column = 0;
        foreach (var window in windows)
        {
            for (int l = 0; l < window.Columns; l++, column++)
                for (int n = 0; n < config.Atoms; n++)
                    Assert.That(window[n, l], Is.EqualTo(whole[n, column]).Within(1e-5), $"atom {n}, column {column}");
        }
    }

    [Test]
    public void ContextCoversBothConvolutionsOfEveryBlock()
    {
        var config = new AutoencoderConfig
        {
            InputChannels = 1, Atoms = 2, FrameLength = 4, TcnWidths = [8, 8, 8], TcnKernel = 3,
        };
        Assert.That(config.TcnContextSteps, Is.EqualTo(2 * 2 * (1 + 2 + 4)));
        Assert.That((config with { TcnWidths = [] }).TcnContextSteps, Is.Zero);
    }
}
