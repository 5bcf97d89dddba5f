using System.Diagnostics;
using System.Runtime.InteropServices;
using TcnWtaNative.Engine.Checkpoints;

namespace TcnWtaNative.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM for the whole process. A first signal ends the process at once with 128 + the signal
/// (130, 143), unless a command is inside <see cref="Defer"/>: then it only cancels <see cref="Token"/>, so the
/// command can finish its step, save and return <see cref="ExitCode"/>. A second signal ends the process at once,
/// without saving, unless it repeats the first within <see cref="RepeatWindow"/>: that is the same stop delivered
/// twice, as GNU timeout delivers it (to the command, then to its process group, which holds the command), and is
/// ignored. Ending at once removes the temporary files of unfinished writes first
/// (<see cref="AtomicFile.AbandonUnfinished"/>): the outputs stay as they were, and no half-written file is left.
/// Installed once by the program; commands run in-process without it are never signalled.
/// </summary>
public static class StopSignals
{
    /// <summary>How soon after the first signal the same signal again is taken for a second delivery of it: far
    /// longer than the microseconds between timeout's two sends, shorter than a person reads the notice and presses
    /// Ctrl-C again.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMilliseconds(500);

    private static readonly CancellationTokenSource Requested = new();
    private static readonly Lock Gate = new();
    private static long _firstAt;
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static int _exitCode;
    private static volatile string? _deferredNotice;

    /// <summary>Cancelled by the first signal received inside <see cref="Defer"/>.</summary>
    public static CancellationToken Token => Requested.Token;

    /// <summary>128 + the first signal received (130 for SIGINT, 143 for SIGTERM); 0 before any.</summary>
    public static int ExitCode => Volatile.Read(ref _exitCode);

    /// <summary>Handles SIGINT and SIGTERM from now on, in place of the runtime's and System.CommandLine's.</summary>
    public static void Install()
    {
        Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Receive(context, 130)));
        Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Receive(context, 143)));
    }

    /// <summary>
    /// While the returned scope lives, a first signal cancels <see cref="Token"/> instead of ending the process, and
    /// writes <paramref name="notice"/> (or the one <see cref="Deferral.ChangeNotice"/> gave since) to stderr.
    /// </summary>
    public static Deferral Defer(string notice)
    {
        _deferredNotice = notice;
        return new Deferral();
    }

    private static void Receive(PosixSignalContext context, int exitCode)
    {
        context.Cancel = true;
        long now = Stopwatch.GetTimestamp();
        lock (Gate)
        {
            int first = ExitCode;
            if (first == 0)
            {
                _firstAt = now;
                Volatile.Write(ref _exitCode, exitCode);
            }
            else if (IsRepeat(first, _firstAt, exitCode, now)) return;
            else Quit("second signal: quitting without saving", first);
        }
        if (_deferredNotice is not { } notice) Quit("interrupted", exitCode);
        else
        {
            Console.Error.WriteLine(notice);
            Requested.Cancel();
        }
    }

    /// <summary>
    /// Whether the signal that ends in <paramref name="exitCode"/>, received at Stopwatch timestamp
    /// <paramref name="at"/>, is the first one (<paramref name="firstExitCode"/>, received at
    /// <paramref name="firstAt"/>) delivered again: the same signal within <see cref="RepeatWindow"/>.
    /// </summary>
    public static bool IsRepeat(int firstExitCode, long firstAt, int exitCode, long at)
        => exitCode == firstExitCode && Stopwatch.GetElapsedTime(firstAt, at) < RepeatWindow;

    // ends the process at once, leaving no half-written output behind
    private static void Quit(string message, int exitCode)
    {
        AtomicFile.AbandonUnfinished();
        Console.Error.WriteLine(message);
        Environment.Exit(exitCode);
    }

    /// <summary>A scope of <see cref="Defer"/>; disposing it ends the deferral.</summary>
    public sealed class Deferral : IDisposable
    {
        internal Deferral() { }

        /// <summary>
        /// What a first signal writes from now on, as the command moves to another kind of safe point (from the atom
        /// initializer's rounds to training steps).
        /// </summary>
        public void ChangeNotice(string notice) => _deferredNotice = notice;

        public void Dispose() => _deferredNotice = null;
    }
}
