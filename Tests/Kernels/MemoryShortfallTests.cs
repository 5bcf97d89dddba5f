using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>A buffer that does not fit is an <see cref="InsufficientMemoryException"/> naming its size.</summary>
public sealed class MemoryShortfallTests
{
    [Test]
    public void AHostBufferPastTheRuntimesArrayLimitIsAShortfallNamingItsSize()
    {
        var error = Assert.Throws<InsufficientMemoryException>(() => new CpuBackend().Allocate(int.MaxValue))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.StartWith("out of host memory: a buffer of 8.0 GiB does not fit"));
            Assert.That(error.InnerException, Is.TypeOf<OutOfMemoryException>());
        });
    }

    [Test]
    public void ExplainKeepsAShortfallsMessageAndDescribesABareOutOfMemory()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MemoryShortfall.Explain(new InsufficientMemoryException("as it was")), Is.EqualTo("as it was"));
            Assert.That(MemoryShortfall.Explain(new OutOfMemoryException()),
                Does.StartWith("out of host memory: an allocation did not fit beside the ").And.Contain(" limit"));
        });
    }

    [TestCase(512L << 20, "512.0 MiB")]
    [TestCase(3L << 29, "1.5 GiB")]
    [TestCase(1L << 30, "1.0 GiB")]
    [TestCase(0L, "0.0 MiB")]
    public void BytesReadInBinaryUnits(long bytes, string expected)
        => Assert.That(MemoryShortfall.Bytes(bytes), Is.EqualTo(expected));
}
