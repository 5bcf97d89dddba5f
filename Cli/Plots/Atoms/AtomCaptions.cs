using static System.FormattableString;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Cli.Plots.Atoms;

/// <summary>
/// One tile of an atom picture: the atom, its title ("#12 23.4%"), whether it is set apart (unused).
/// </summary>
public readonly record struct AtomCaption(int Atom, string Title, bool SetApart);

/// <summary>
/// The tiles of an atom picture in drawing order: the atoms shown first, then those <see cref="AtomCaption.SetApart"/>,
/// under <see cref="SetApartHeading"/> on a row of their own.
/// </summary>
public sealed record AtomCaptions(IReadOnlyList<AtomCaption> Tiles, string SetApartHeading)
{
    /// <summary>
    /// The atoms by usage, most used first, each titled with its index and its share of the summed activation (the
    /// usage that orders them); atoms the data never used are set apart. At most <paramref name="limit"/> tiles.
    /// </summary>
    public static AtomCaptions ByUsage(AtomUsage usage, int limit)
    {
        double total = usage.Activation.Sum();
        var tiles = usage.OrderByUsage().Take(limit).Select(n => usage.ActiveColumns[n] > 0
            ? new AtomCaption(n, Invariant($"#{n}  {100 * usage.Activation[n] / total:F1}%"), false)
            : new AtomCaption(n, $"#{n}  unused", true));
        return new AtomCaptions(Ordered(tiles), "unused by the data: never a winner");
    }

    /// <summary>The atoms by norm, largest first, titled with index and norm (no data to measure usage).</summary>
    public static AtomCaptions ByNorm(AtomDictionary dictionary, int limit)
        => new([.. dictionary.OrderByNorm().Take(limit)
            .Select(n => new AtomCaption(n, Invariant($"#{n}  norm {dictionary.Norm(n):F2}"), false))], "");

    /// <summary>
    /// Every one of <paramref name="atomCount"/> atoms, titled with the patterns it is the best match of and the
    /// cosine ("#3  rock 0.999"); atoms that are no pattern's best match are set apart.
    /// </summary>
    public static AtomCaptions ByMatch(IReadOnlyList<(string Pattern, float Cosine, int Atom)> matches, int atomCount)
        => new(Ordered(Enumerable.Range(0, atomCount).Select(n =>
        {
            var names = matches.Where(m => m.Atom == n).Select(m => Invariant($"{m.Pattern} {m.Cosine:F3}")).ToList();
            string title = names.Count > 0 ? $"#{n}  {string.Join(", ", names)}" : $"#{n}";
            return new AtomCaption(n, title, names.Count == 0);
        })), "the best match of no pattern");

    /// <summary>The given tiles, those set apart moved after the others (each group keeps its order).</summary>
    public static IReadOnlyList<AtomCaption> Ordered(IEnumerable<AtomCaption> tiles)
    {
        var all = tiles.ToList();
        return [.. all.Where(t => !t.SetApart), .. all.Where(t => t.SetApart)];
    }
}
