using System.CommandLine;
using Spectre.Console;
using TcnWtaNative.Cli;

namespace TcnWtaNative.Tests.Support;

/// <summary>
/// Runs a tcnwta command line in-process, as a user would, capturing its exit code, stdout and stderr. Spectre's
/// console is pointed at the captured stdout for each run (as wide as Program.cs makes it for redirected output): left
/// alone, it would keep writing to whichever run's stdout it was first created on.
/// </summary>
public static class CliRunner
{
    private static readonly Lock ConsoleLock = new();

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All()) root.Add(command);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        lock (ConsoleLock)
        {
            var (oldOut, oldErr, oldAnsi) = (Console.Out, Console.Error, AnsiConsole.Console);
            Console.SetOut(stdout);
            Console.SetError(stderr);
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            AnsiConsole.Profile.Width = 160;
            try
            {
                var parse = root.Parse(args);
                int exit = UsageErrors.Report(parse, Console.Error)
                    ?? parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
                return (exit, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
                AnsiConsole.Console = oldAnsi;
            }
        }
    }

    /// <summary>Runs and asserts exit code 0, showing stderr otherwise; returns stdout.</summary>
    public static string Succeed(params string[] args)
    {
        var (exit, stdout, stderr) = Run(args);
        Assert.That(exit, Is.EqualTo(0), $"tcnwta {string.Join(' ', args)}\n{stdout}\n{stderr}");
        return stdout;
    }
}
