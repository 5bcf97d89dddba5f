using System.CommandLine;
using System.Text.RegularExpressions;
using TcnWtaNative.Cli;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// The command lines the README, BENCHMARKS.md and docs/ show ("tcnwta evaluate --model M --split test", also in the
/// commands tables' grammar, "[--plot P.png]") name commands and options tcnwta has, so the documentation cannot
/// drift from the CLI when an option is renamed or removed.
/// </summary>
public class DocumentedCommandTests
{
    // "tcnwta " or "dotnet run --project Cli -c Release -- ", then the command line up to the end of its code span,
    // a comment, a pipe or a redirection; or the code span that opens a row of a commands table
    private static readonly Regex CommandLine =
        new(@"(?:\btcnwta|Release --)[ ]+(?<line>[^`\n#>;]*)|^\| `(?:tcnwta )?(?<line>[^`]*)`");

    private static readonly Regex OptionName = new(@"^--[a-z][a-z0-9-]*$");

    [Test]
    public void EveryDocumentedOptionBelongsToItsCommand()
    {
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All()) root.Add(command);
        var lines = Documents().SelectMany(Lines).ToList();

        var unknown = lines.SelectMany(line => Unknown(root, line.Text).Select(problem => $"{line.Where}: {problem}"))
            .ToList();

        Assert.That(lines, Has.Count.GreaterThan(50), "the documents show the CLI at work");
        Assert.That(unknown, Is.Empty);
    }

    // README.md, BENCHMARKS.md and every guide in docs/
    private static IEnumerable<string> Documents()
    {
        string root = RepositoryFolder.Root();
        return new[] { Path.Combine(root, "README.md"), Path.Combine(root, "BENCHMARKS.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order());
    }

    // each command line in the file with "FILE:LINE", a shell line continued with a backslash read as one
    private static IEnumerable<(string Where, string Text)> Lines(string file)
    {
        string[] text = File.ReadAllLines(file);
        for (int i = 0; i < text.Length; i++)
        {
            string line = text[i];
            int first = i;
            while (line.EndsWith('\\') && i + 1 < text.Length) line = line[..^1] + " " + text[++i];
            foreach (Match match in CommandLine.Matches(line))
                yield return ($"{Path.GetFileName(file)}:{first + 1}", match.Groups["line"].Value);
        }
    }

    // what a line names that tcnwta lacks: its command's options it does not have; nothing for a line that names no
    // command (prose such as "tcnwta writes ..."), unless options follow a word that is no command
    private static IEnumerable<string> Unknown(RootCommand root, string line)
    {
        string[] tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Command command = root;
        int used = 0;
        while (used < tokens.Length
               && command.Subcommands.FirstOrDefault(c => c.Name == tokens[used]) is { } subcommand)
        {
            command = subcommand;
            used++;
        }
        string path = string.Join(' ', tokens[..used]);
        var options = tokens.Skip(used).Select(Bare).Where(token => OptionName.IsMatch(token)).ToList();
        if (command == root)
            return options.Count > 0 && used < tokens.Length && char.IsAsciiLetterLower(tokens[used][0])
                ? [$"'{tokens[used]}' is no tcnwta command ({line.Trim()})"]
                : [];
        var known = command.Options.SelectMany(o => o.Aliases.Append(o.Name)).Append("--help").ToHashSet();
        return options.Where(option => !known.Contains(option))
            .Select(option => $"'{path}' has no {option}");
    }

    // "[--wav" -> "--wav", "--k=4" -> "--k", "--encoder]]," -> "--encoder"
    private static string Bare(string token) => token.TrimStart('[', '(').Split('=')[0].TrimEnd(']', ')', ',', '.');
}
