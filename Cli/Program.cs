using System.CommandLine;
using Spectre.Console;
using TcnWtaNative.Cli;

// Redirected output (logs, pipes) has no terminal width; Spectre would assume 80 columns and fold every table.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
var root = new RootCommand("tcnwta: learn shift-invariant dictionaries of music with a temporal CONV-WTA autoencoder");
foreach (var command in CommandCatalog.All()) root.Add(command);
StopSignals.Install();
// ProcessTerminationTimeout null: System.CommandLine leaves SIGINT and SIGTERM to StopSignals.
var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false,
    ProcessTerminationTimeout = null };
var parse = root.Parse(args);
return UsageErrors.Report(parse, Console.Error) ?? await parse.InvokeAsync(invocation);
