using System.Diagnostics;
using System.Text;

namespace TcnWtaNative.Tests.Support;

/// <summary>
/// tcnwta run as a child process (the built tcnwta.dll under dotnet), so a test can signal it as a shell, `timeout` or
/// a container stop would. Output is collected as it comes; disposing kills a process that is still running.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly TimeSpan _patience;
    private readonly StringBuilder _out = new(), _err = new();

    private CliProcess(Process process, TimeSpan patience) => (_process, _patience) = (process, patience);

    /// <summary>Starts tcnwta with <paramref name="args"/>; waits below fail the test after a minute.</summary>
    public static CliProcess Start(params string[] args) => Start(DefaultPatience, args);

    /// <summary>Starts tcnwta with <paramref name="args"/>; waits below fail the test after
    /// <paramref name="patience"/>.</summary>
    public static CliProcess Start(TimeSpan patience, params string[] args) => Start(patience, false, args);

    /// <summary>
    /// Starts tcnwta for <see cref="PeakResidentBytesUntilExit"/>, with the garbage collector's background (concurrent)
    /// collections off, so the peak is the program's and not the scheduler's: on a loaded machine a background
    /// collection that gets no core lets the heap grow by tens of MB while the program allocates on.
    /// </summary>
    public static CliProcess StartMeasuringMemory(params string[] args) => Start(DefaultPatience, true, args);

    /// <summary>
    /// As <see cref="StartMeasuringMemory(string[])"/>, failing waits after <paramref name="patience"/>.
    /// </summary>
    public static CliProcess StartMeasuringMemory(TimeSpan patience, params string[] args)
        => Start(patience, true, args);

    /// <summary>
    /// Starts tcnwta with <paramref name="environment"/> added to this process's variables (the garbage collector's
    /// limits, for one); waits below fail the test after <paramref name="patience"/>.
    /// </summary>
    public static CliProcess StartWith(IReadOnlyDictionary<string, string> environment, TimeSpan patience,
        params string[] args) => Start(patience, false, args, environment);

    private static CliProcess Start(TimeSpan patience, bool blockingCollections, string[] args,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(InheritsIgnoredInterrupt ? "env" : dotnet)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (blockingCollections) start.Environment["DOTNET_gcConcurrent"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        if (InheritsIgnoredInterrupt) start.ArgumentList.Add("--default-signal=INT");
        if (InheritsIgnoredInterrupt) start.ArgumentList.Add(dotnet);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tcnwta.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var child = new CliProcess(new Process { StartInfo = start }, patience);
        child._process.OutputDataReceived += (_, line) => child.Collect(child._out, line.Data);
        child._process.ErrorDataReceived += (_, line) => child.Collect(child._err, line.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Whether this test run ignores SIGINT (SigIgn of /proc/self/status, Linux), as a non-interactive shell leaves a
    /// background job (POSIX) and every child inherits. tcnwta keeps an ignored SIGINT ignored, as the runtime does,
    /// so then children start through GNU env's --default-signal=INT (coreutils 8.31 or later), which restores it.
    /// </summary>
    public static bool InheritsIgnoredInterrupt { get; } = ReadInheritsIgnoredInterrupt();

    private static bool ReadInheritsIgnoredInterrupt()
    {
        if (!OperatingSystem.IsLinux()) return false;
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:"));
        const ulong sigIntBit = 1UL << (2 - 1);
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & sigIntBit) != 0;
    }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Stdout so far.</summary>
    public string Out { get { lock (_out) return _out.ToString(); } }

    /// <summary>Stderr so far.</summary>
    public string Err { get { lock (_err) return _err.ToString(); } }

    /// <summary>Sends a signal (INT, TERM, ...) with kill(1).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, Id.ToString()]);
        kill.WaitForExit();
    }

    /// <summary>Polls until the condition holds, failing the test if the child exits first or the patience runs
    /// out.</summary>
    public void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited) Assert.Fail($"tcnwta exited ({_process.ExitCode}) before {what}\n{Err}");
            if (clock.Elapsed > _patience) Assert.Fail($"timed out waiting for {what}\n{Err}");
            Thread.Sleep(20);
        }
    }

    /// <summary>
    /// Polls the child's peak resident memory (VmHWM of /proc/PID/status, Linux) until it exits, failing the test when
    /// the patience runs out; returns the last value read, in bytes (the peak short of the last few milliseconds'
    /// growth). Start the child with <see cref="StartMeasuringMemory(string[])"/>.
    /// </summary>
    public long PeakResidentBytesUntilExit()
    {
        var clock = Stopwatch.StartNew();
        long peak = 0;
        while (!_process.HasExited)
        {
            if (clock.Elapsed > _patience) Assert.Fail($"tcnwta did not exit\n{Err}");
            try
            {
                string? line = File.ReadLines($"/proc/{Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
                if (line is not null)
                    peak = Math.Max(peak, 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
            }
            catch (IOException) { }   // the process exited between the check and the read
            Thread.Sleep(2);
        }
        return peak;
    }

    /// <summary>Waits for the exit (failing the test when the patience runs out) and returns the exit code, stdout and
    /// stderr.</summary>
    public (int Exit, string Out, string Err) Finish()
    {
        if (!_process.WaitForExit(_patience)) Assert.Fail($"tcnwta did not exit\n{Err}");
        _process.WaitForExit();   // drains the output readers
        lock (_out) return (_process.ExitCode, _out.ToString(), Err);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void Collect(StringBuilder sink, string? line)
    {
        if (line is null) return;
        lock (sink) sink.AppendLine(line);
    }
}
