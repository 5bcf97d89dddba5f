using System.CommandLine;
using TcnWtaNative.Cli;

namespace TcnWtaNative.Tests.Support;

/// <summary>Runs a tcnwta command line in-process, as a user would, capturing its exit code, stdout and stderr.</summary>
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
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try { return (root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }), stdout.ToString(), stderr.ToString()); }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}
