using System.CommandLine;
using TcnWtaNative.Cli;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// The help reads as one tool's: every command, option and argument says what it is, each description starting as
/// a sentence does, like System.CommandLine's own "Show help and usage information".
/// </summary>
public class HelpTextTests
{
    [Test]
    public void EveryCommandOptionAndArgumentHasADescriptionStartingWithACapital()
    {
        var offenders = CommandCatalog.All().SelectMany(Described)
            .Where(item => string.IsNullOrWhiteSpace(item.Description) || char.IsLower(item.Description[0]))
            .Select(item => $"{item.Name}: \"{item.Description}\"").ToList();

        Assert.That(offenders, Is.Empty);
    }

    // a command's own description, its options' and arguments', then its subcommands' the same way
    private static IEnumerable<(string Name, string? Description)> Described(Command command)
        => new[] { (command.Name, command.Description) }
            .Concat(command.Options.Select(o => ($"{command.Name} {o.Name}", o.Description)))
            .Concat(command.Arguments.Select(a => ($"{command.Name} {a.Name}", a.Description)))
            .Concat(command.Subcommands.SelectMany(Described));
}
