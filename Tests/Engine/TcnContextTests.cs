using TcnWtaNative.Engine;

namespace TcnWtaNative.Tests.Engine;

/// <summary>The TCN's receptive field, which the windowed paths read as context before each window.</summary>
public class TcnContextTests
{
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
