using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// A generated drum piece: the section names in playing order, each <see cref="StepsPerSection"/> steps long, and the
/// code chosen for each name, kept as its non-zeros (<see cref="DrumStructureGenerator.Decode"/> turns it into grids
/// as codes of <see cref="Encoder"/> are decoded: the union code as a union).
/// </summary>
public sealed record GeneratedDrums(IReadOnlyList<string> Sections, int StepsPerSection,
    IReadOnlyDictionary<string, SectionCode> CodeBySection, CodeEncoder Encoder = CodeEncoder.Wta)
{
    /// <summary>Steps of the whole piece: every section's.</summary>
    public int Steps => Sections.Count * StepsPerSection;
}

/// <summary>
/// One section's code [N, <see cref="Columns"/>]: columns [<see cref="First"/>, + <see cref="Columns"/>) of a code
/// kept as its non-zeros (a seed file's, or the section's own sampled code).
/// </summary>
public sealed record SectionCode(CodeTally Code, int First, int Columns)
{
    /// <summary>
    /// The section's columns [<paramref name="first"/>, + <paramref name="count"/>) as a code [N, count].
    /// </summary>
    public SparseCode Window(int first, int count) => Code.Window(First + first, count);

    /// <summary>The atoms the section uses.</summary>
    public IReadOnlySet<int> UsedAtoms() => Code.UsedAtoms(First, Columns);
}
