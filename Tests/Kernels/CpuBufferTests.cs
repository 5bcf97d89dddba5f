using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// Where a CPU buffer's floats lie (<see cref="CpuBuffer"/>): a large buffer starts on a 64-byte line and stays there
/// through a compacting collection (of the heaps the GC compacts unasked), so its 512-bit vectors are whole lines;
/// small buffers are plain arrays; every buffer holds exactly its length, zero-filled, whatever its offset in the
/// array behind it.
/// </summary>
public class CpuBufferTests
{
    [TestCase(CpuBuffer.FewestFloatsAligned)]
    [TestCase(CpuBuffer.FewestFloatsAligned + 1)]
    [TestCase(100_003)]
    [TestCase(12_416_000)]   // maestro's decoder weights
    public void ALargeBufferStartsOnALineAndStaysThereThroughACompactingCollection(int length)
    {
        // buffers between garbage, so that a compaction of their heap would move them
        var garbage = new List<float[]>();
        var buffers = new CpuBuffer[8];
        for (int i = 0; i < buffers.Length; i++)
        {
            garbage.Add(new float[length / 2 + 3]);
            buffers[i] = new CpuBuffer(length);
        }
        Assert.That(buffers.Select(LineOffset), Is.All.Zero, "freshly allocated");

        garbage.Clear();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        Assert.That(buffers.Select(LineOffset), Is.All.Zero, "after a compacting collection");
    }

    [TestCase(1)]
    [TestCase(CpuBuffer.FewestFloatsAligned - 1)]
    public void ASmallBufferIsAPlainArray(int length)
    {
        var buffer = new CpuBuffer(length);
        Assert.Multiple(() =>
        {
            Assert.That(buffer.Offset, Is.Zero);
            Assert.That(buffer.Storage, Has.Length.EqualTo(length));
        });
    }

    [TestCase(0)]
    [TestCase(17)]
    [TestCase(CpuBuffer.FewestFloatsAligned)]
    [TestCase(1 << 20)]
    public void EveryBufferHoldsItsLengthZeroFilledWithinItsArray(int length)
    {
        var buffer = new CpuBuffer(length);
        Assert.Multiple(() =>
        {
            Assert.That(buffer.Length, Is.EqualTo(length));
            Assert.That(buffer.Span.Length, Is.EqualTo(length));
            Assert.That(buffer.Offset + length, Is.LessThanOrEqualTo(buffer.Storage.Length));
            Assert.That(buffer.Span.ToArray(), Is.All.Zero);
        });
    }

    [Test]
    public void ASliceOfAnAlignedBufferIsCountedFromTheBuffersOwnStart()
    {
        var buffer = new CpuBuffer(CpuBuffer.FewestFloatsAligned * 2);
        buffer.Span[100] = 7f;
        var slice = CpuBuffer.Of(buffer.Slice(100, 16));
        Assert.Multiple(() =>
        {
            Assert.That(slice.Offset, Is.EqualTo(buffer.Offset + 100));
            Assert.That(slice.Span[0], Is.EqualTo(7f));
        });
    }

    [Test]
    public void ANegativeLengthIsAClearError()
        => Assert.That(() => new CpuBuffer(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());

    // bytes from the buffer's first float back to the last 64-byte boundary
    private static unsafe long LineOffset(CpuBuffer buffer)
    {
        fixed (float* first = &buffer.Storage[buffer.Offset]) return (long)first % 64;
    }
}
