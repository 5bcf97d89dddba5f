using System.CommandLine;

namespace TcnWtaNative.Cli;

/// <summary>
/// Refusing an option a user gave that the chosen path does not read, where a command once ran, ignored it and exited
/// 0 (--composer with --dataset groove; --max-pieces with a Groove model).
/// </summary>
public static class UnreadOptions
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first of <paramref name="unread"/> given on the command
    /// line, saying it does not apply to <paramref name="what"/> (a phrase: "a Groove model's study").
    /// </summary>
    public static void Refuse(ParseResult parse, string what, IEnumerable<Option> unread)
    {
        if (unread.FirstOrDefault(option => parse.GetResult(option) is { Implicit: false }) is { } given)
            throw new ArgumentException($"{given.Name} does not apply to {what}: drop it");
    }
}
