using System.CommandLine;
using Spectre.Console;
using TcnWtaNative.Cli;

// Redirected output (logs, pipes) has no terminal width; Spectre would assume 80 columns and fold every table.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
var root = new RootCommand("tcnwta: learn shift-invariant dictionaries of music with a temporal CONV-WTA autoencoder");
foreach (var command in CommandCatalog.All()) root.Add(command);
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
