using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;

namespace TcnWtaNative.Cli;

/// <summary>
/// A command line that does not parse (an unknown option or command, a missing required option, a value of the wrong
/// kind) is two lines on stderr instead of System.CommandLine's errors and the whole help: "error: ..." with the
/// nearest valid name where one is close, and "see tcnwta train --help"; the exit code is 1. A request for help is no
/// error.
/// </summary>
public static class UsageErrors
{
    /// <summary>The name the hint gives the program.</summary>
    public const string ProgramName = "tcnwta";

    /// <summary>
    /// Writes the first usage error of <paramref name="parse"/> and returns 1; null when the line parsed or asks for
    /// help.
    /// </summary>
    public static int? Report(ParseResult parse, TextWriter error)
    {
        if (parse.Action is not ParseErrorAction) return null;
        error.WriteLine($"error: {PrintableText.Of(FirstProblem(parse))}");
        error.WriteLine($"see {PathOf(parse.CommandResult)} --help");
        return 1;
    }

    private static string FirstProblem(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        if (parse.UnmatchedTokens.Count > 0) return Unknown(parse.UnmatchedTokens[0], parse.CommandResult);
        var first = parse.Errors[0];
        if (first.SymbolResult is CommandResult && command.Subcommands.Count > 0)
        {
            var names = command.Subcommands.Select(sub => sub.Name);
            return $"{PathOf(parse.CommandResult)} needs a command: {string.Join(", ", names)}";
        }
        if (OptionOf(first.SymbolResult) is { } option && WrongKind(parse, option) is { } wrongKind) return wrongKind;
        var lines = first.Message.Split(['\n', '\r', '\t'],
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string message = string.Join(' ', lines);
        return message.Length == 0 ? message : char.ToLowerInvariant(message[0]) + message[1..].TrimEnd('.');
    }

    private static string Unknown(string token, CommandResult at)
    {
        var command = at.Command;
        if (token.StartsWith('-'))
        {
            var names = command.Options.SelectMany(option => option.Aliases.Prepend(option.Name)).Append("--help");
            return $"unknown option '{token}' for {PathOf(at)}{Suggestions.DidYouMean(token, names)}";
        }
        if (command.Subcommands.Count > 0)
        {
            var names = command.Subcommands.Select(sub => sub.Name);
            return $"unknown command '{token}' for {PathOf(at)}{Suggestions.DidYouMean(token, names)}";
        }
        return $"unexpected argument '{token}' (every value follows its option, as in --out DIR)";
    }

    private static Option? OptionOf(SymbolResult? result) => result switch
    {
        OptionResult option => option.Option,
        ArgumentResult { Parent: OptionResult option } => option.Option,
        _ => null,
    };

    // "--epochs takes a whole number, not 'abc'" (or the choices of an enum option, or the range of a whole number too
    // large for its type) when a value does not parse as the option's type; every value of a list option is read
    private static string? WrongKind(ParseResult parse, Option option)
    {
        if (parse.GetResult(option)?.Tokens is not { Count: > 0 } tokens) return null;
        bool list = option.ValueType.IsArray;
        var type = list ? option.ValueType.GetElementType()!
            : Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        var values = list ? tokens : tokens.TakeLast(1);
        return values.Select(token => WrongValue(option.Name, type, token.Value)).FirstOrDefault(e => e is not null);
    }

    private static string? WrongValue(string name, Type type, string given)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (type.IsEnum)
            return Enum.TryParse(type, given, ignoreCase: true, out _) ? null
                : ChoiceOptions.NotAChoice(name, given, [.. Enum.GetNames(type).Select(n => n.ToLowerInvariant())]);
        if (type == typeof(int) || type == typeof(long))
        {
            if (!long.TryParse(given, NumberStyles.Integer, invariant, out long value))
                return $"{name} takes a whole number, not '{given}'";
            return type == typeof(int) && (value < int.MinValue || value > int.MaxValue)
                ? $"{name} takes a whole number from {int.MinValue} to {int.MaxValue}, not '{given}'" : null;
        }
        if (type == typeof(double) || type == typeof(float)) return DecimalOptions.Problem(name, type, given);
        return null;
    }

    // "tcnwta dataset stats": the command's path from the root, the root named as the program
    private static string PathOf(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is CommandResult command; at = command.Parent)
            names.Insert(0, command.Parent is null ? ProgramName : command.Command.Name);
        return string.Join(' ', names);
    }
}
