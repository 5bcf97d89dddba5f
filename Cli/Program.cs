using System.CommandLine;
using TcnWtaNative.Cli;

var root = new RootCommand("tcnwta: learn shift-invariant dictionaries of music with a temporal CONV-WTA autoencoder");
foreach (var command in CommandCatalog.All()) root.Add(command);
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
