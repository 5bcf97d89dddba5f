namespace TcnWtaNative.Training.Applications;

/// <summary>
/// A song form such as "A A B A": one letter per section, equal letters play the same music. Over
/// <see cref="Bars"/> bars each section lasts <see cref="BarsPerSection"/> bars.
/// </summary>
public sealed record DrumStructure(IReadOnlyList<string> Sections, int Bars)
{
    /// <summary>Bars each section lasts.</summary>
    public int BarsPerSection => Bars / Sections.Count;

    /// <summary>The distinct section names in order of first appearance.</summary>
    public IReadOnlyList<string> Names => [.. Sections.Distinct()];

    /// <summary>
    /// Parses "A A B A" (names separated by spaces or commas); the bars must split evenly into the sections.
    /// </summary>
    public static DrumStructure Parse(string structure, int bars)
    {
        var sections = structure.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (sections.Length == 0)
            throw new ArgumentException("the structure is empty; give section names such as \"A A B A\"");
        if (bars < 1 || bars > InputLimits.MaxDrumBars)
            throw new ArgumentException($"--bars must lie in [1, {InputLimits.MaxDrumBars}], got {bars}");
        if (bars % sections.Length != 0)
            throw new ArgumentException(
                $"{bars} bars do not split evenly into the {sections.Length} sections of \"{structure}\"; use a "
                + $"multiple of {sections.Length}");
        return new DrumStructure(sections, bars);
    }
}
