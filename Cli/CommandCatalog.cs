using System.CommandLine;
using TcnWtaNative.Cli.Commands;

namespace TcnWtaNative.Cli;

/// <summary>Every tcnwta subcommand, in the order help lists them. One line per command.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return ReferenceCheckCommand.Create();
        yield return BenchCommand.Create();
        yield return VerifyKernelsCommand.Create();
        yield return MidiCommand.Create();
        yield return DatasetCommand.Create();
        yield return EvaluateCommand.Create();
        yield return StylesCommand.Create();
        yield return ClassifyCommand.Create();
    }
}
