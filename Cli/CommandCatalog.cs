using System.CommandLine;
using TcnWtaNative.Cli.Commands;

namespace TcnWtaNative.Cli;

/// <summary>
/// Every tcnwta subcommand, in the order help lists them, one line per command; their decimal options read strictly
/// (<see cref="DecimalOptions"/>).
/// </summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All() => Commands().Select(DecimalOptions.MakeStrict);

    private static IEnumerable<Command> Commands()
    {
        yield return DemoCommand.Create();
        yield return TrainCommand.Create();
        yield return ReferenceCheckCommand.Create();
        yield return BenchCommand.Create();
        yield return VerifyKernelsCommand.Create();
        yield return MidiCommand.Create();
        yield return DatasetCommand.Create();
        yield return ExportCommand.Create();
        yield return EvaluateCommand.Create();
        yield return ReconstructCommand.Create();
        yield return DenoiseCommand.Create();
        yield return SimplifyCommand.Create();
        yield return HumanizeCommand.Create();
        yield return EncodeCommand.Create();
        yield return AtomsCommand.Create();
        yield return InterpolateCommand.Create();
        yield return SwapCommand.Create();
        yield return DrumsCommand.Create();
        yield return EvaluateGenerationCommand.Create();
        yield return StylesCommand.Create();
        yield return ClassifyCommand.Create();
    }
}
