using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>The bench's memory bandwidth probe: a positive figure for the threads asked, and clear refusals.</summary>
public class MemoryBandwidthTests
{
    [Test]
    public void MeasuresAPositiveBandwidthOnTheThreadsAsked()
    {
        var bandwidth = MemoryBandwidth.Measure(runs: 3, threads: 2, floats: 1 << 16);

        Assert.That(bandwidth.Threads, Is.EqualTo(2));
        Assert.That(double.IsFinite(bandwidth.GigabytesPerSecond) && bandwidth.GigabytesPerSecond > 0,
            $"{bandwidth.GigabytesPerSecond} GB/s");
    }

    [TestCase(0, 3, 1 << 16, "1 or more threads")]
    [TestCase(2, 0, 1 << 16, "1 or more runs")]
    [TestCase(4, 3, 3, "3 floats cannot be split among 4 threads")]
    public void RefusesWhatItCannotMeasure(int threads, int runs, int floats, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => MemoryBandwidth.Measure(runs, threads, floats));
        Assert.That(error!.Message, Does.Contain(message));
    }
}
