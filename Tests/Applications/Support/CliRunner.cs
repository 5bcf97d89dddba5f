using System.CommandLine;
using TcnWtaNative.Cli;

namespace TcnWtaNative.Tests.Applications.Support;

/// <summary>Runs tcnwta as a user would, capturing stdout and stderr (tests using it must be non-parallelizable).</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All()) root.Add(command);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
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

    /// <summary>Runs and asserts exit code 0, showing stderr otherwise; returns stdout.</summary>
    public static string Succeed(params string[] args)
    {
        var (exit, stdout, stderr) = Run(args);
        Assert.That(exit, Is.EqualTo(0), $"tcnwta {string.Join(' ', args)}\n{stdout}\n{stderr}");
        return stdout;
    }
}
