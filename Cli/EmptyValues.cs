using System.CommandLine;

namespace TcnWtaNative.Cli;

/// <summary>
/// An empty text option (--out "", --model "") is a one-line error before a command runs: as a path it would mean
/// the current folder, or end in .NET's own message about an empty string.
/// </summary>
public static class EmptyValues
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first text option given an empty or blank value.
    /// </summary>
    public static void Refuse(ParseResult parse)
    {
        foreach (var option in parse.CommandResult.Command.Options.OfType<Option<string>>())
            if (parse.GetResult(option) is { Implicit: false } && string.IsNullOrWhiteSpace(parse.GetValue(option)))
                throw new ArgumentException($"{option.Name} is empty; give it a value");
    }
}
