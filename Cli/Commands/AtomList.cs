using System.Globalization;

namespace TcnWtaNative.Cli.Commands;

/// <summary>Parses denoise's --atom-list "3,17,42" into atom indices, each checked against the model's N.</summary>
public static class AtomList
{
    public static IReadOnlySet<int> Parse(string text, int atoms)
    {
        var set = new HashSet<int>();
        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out int atom))
                throw new ArgumentException($"--atom-list: \"{item}\" is not an atom index");
            if (atom < 0 || atom >= atoms)
                throw new ArgumentException(
                    $"--atom-list: atom {atom} does not exist; the model has atoms 0 to {atoms - 1}");
            set.Add(atom);
        }
        return set.Count > 0 ? set : throw new ArgumentException("--atom-list: the list is empty");
    }
}
