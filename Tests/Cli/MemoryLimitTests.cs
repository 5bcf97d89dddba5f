using System.CommandLine;
using System.Text.Json;
using TcnWtaNative.Cli;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// Sizes past what the engine indexes or the machine holds end as one "error:" line and exit code 1: never an
/// overflow's stack trace, and never the kernel's out-of-memory kill.
/// </summary>
[NonParallelizable]
public sealed class MemoryLimitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private static readonly Dictionary<string, string> HalfGibibyte =
        new() { ["DOTNET_GCHeapHardLimit"] = "0x20000000" };

    [Test]
    public void BenchRefusesALengthPastTheActivationLimitBeforeMeasuringAnything()
    {
        var (exit, stdout, stderr) = CliRunner.Run("bench", "--config", "maestro", "--length", "20000000",
            "--steps", "1", "--warmup", "0", "--profile-steps", "1");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("error: a batch of 1 items of 20000000 steps").And.Contain("2^31 - 1"));
            Assert.That(stdout, Does.Not.Contain("FMA peak"), "refused before the peaks are measured");
        });
    }

    [Test]
    public void AStepThatCannotFitIsRefusedBeforeTheModelIsBuilt()
    {
        using var child = CliProcess.StartWith(HalfGibibyte, Patience, "bench", "--config", "maestro",
            "--length", "131072", "--steps", "1", "--warmup", "0", "--profile-steps", "1");
        var (exit, _, stderr) = child.Finish();

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(stderr.TrimEnd().Split('\n')[^1], Does.StartWith(
                "error: not enough memory: a training step of 1 item of 131072 steps needs at least ")
                .And.Contain("more than the 512.0 MiB that cpu: "), "after the bench's progress line");
        });
    }

    [Test]
    public void AStepPastTheHeapLimitIsOneLineNamingTheLimit()
    {
        // a length whose lower bound fits in the limit but whose step, with its backward pass, does not
        using var child = CliProcess.StartWith(HalfGibibyte, Patience, "bench", "--config", "maestro",
            "--length", "24576", "--steps", "1", "--warmup", "0", "--profile-steps", "1");
        var (exit, _, stderr) = child.Finish();

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.Not.Contain("Exception").And.Not.Contain("   at "), "no stack trace");
            Assert.That(stderr.TrimEnd().Split('\n')[^1], Does.StartWith("error: out of host memory: a buffer of ")
                .And.Contain("of its 512.0 MiB limit"), "after the bench's progress line");
        });
    }

    [Test]
    public void OutOfMemoryInAParallelKernelsItemIsOneLineAndOtherFailuresStayBugs()
    {
        Assert.Multiple(() =>
        {
            var (exit, stderr) = RunThrowing(new AggregateException(new OutOfMemoryException()));
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("error: out of host memory: an allocation did not fit beside "));
            Assert.Throws<AggregateException>(() => RunThrowing(
                new AggregateException(new OutOfMemoryException(), new NullReferenceException())), "a bug's trace");
        });
    }

    [Test]
    public void TheCliCapsItsManagedHeapBelowTheMachinesMemory()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(AppContext.BaseDirectory, "tcnwta.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.That(properties.GetProperty("System.GC.HeapHardLimitPercent").GetInt32(), Is.InRange(50, 90),
            "a share of the memory, leaving the rest to native buffers and the system");
    }

    // a command guarded as every tcnwta command is, whose body throws failure; its exit code and stderr
    private static (int Exit, string Err) RunThrowing(Exception failure)
    {
        var command = new Command("fails");
        command.SetGuardedAction(_ => throw failure);
        var root = new RootCommand { command };
        var (stderr, oldErr) = (new StringWriter(), Console.Error);
        Console.SetError(stderr);
        try
        {
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            return (root.Parse(["fails"]).Invoke(invocation), stderr.ToString());
        }
        finally { Console.SetError(oldErr); }
    }
}
