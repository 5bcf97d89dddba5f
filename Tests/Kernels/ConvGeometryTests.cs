using TcnWtaNative.Kernels;

namespace TcnWtaNative.Tests.Kernels;

public class ConvGeometryTests
{
    [TestCase(16, 16, 16, 1, 0, 1)]      // one non-overlapping frame
    [TestCase(4096, 3, 1, 1, 2, 4096)]   // causal kernel 3, dilation 1
    [TestCase(4096, 3, 1, 2, 4, 4096)]   // causal kernel 3, dilation 2
    [TestCase(12, 4, 4, 1, 0, 3)]
    [TestCase(10, 3, 2, 1, 0, 4)]
    public void OutLengthFollowsPyTorch(int length, int kernel, int stride, int dilation, int padLeft, int expected)
    {
        var g = new ConvGeometry(1, 1, 1, length, kernel, stride, dilation, padLeft);
        Assert.That(g.OutLength, Is.EqualTo(expected));
    }

    [Test]
    public void NonOverlappingFramesNeedStrideEqualToKernelAndWholeFrames()
    {
        Assert.That(new ConvGeometry(1, 1, 1, 32, 16, 16).IsNonOverlappingFrames, Is.True);
        Assert.That(new ConvGeometry(1, 1, 1, 33, 16, 16).IsNonOverlappingFrames, Is.False);
        Assert.That(new ConvGeometry(1, 1, 1, 32, 16, 8).IsNonOverlappingFrames, Is.False);
    }

    [Test]
    public void ValidateRejectsAReceptiveFieldLongerThanTheInput()
        => Assert.Throws<ArgumentException>(() => new ConvGeometry(1, 1, 1, 2, 3).Validate());
}
