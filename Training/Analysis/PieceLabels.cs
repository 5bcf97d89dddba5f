using TcnWtaNative.Midi.Datasets;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// The labels a dataset's index gives each piece. Groove: drummer, style (the top-level style before any "/"),
/// meter (info.csv's time_signature, e.g. "4-4") and beat-type (beat or fill), over files of every meter. MAESTRO:
/// composer, keeping only single-composer pieces (an arrangement such as "Franz Schubert / Franz Liszt" belongs
/// to neither composer alone, so it is left out), labelled with the canonical name as written. Each piece carries its
/// group (<see cref="PieceGrouping"/>): Groove's recording session, MAESTRO's composition (composer and title).
/// </summary>
public static class PieceLabels
{
    /// <summary>Dataset names.</summary>
    public const string Groove = "groove", Maestro = "maestro";

    /// <summary>The labels of the Groove MIDI Dataset.</summary>
    public static IReadOnlyList<string> GrooveLabels { get; } = ["drummer", "style", "meter", "beat-type"];

    /// <summary>The labels of MAESTRO.</summary>
    public static IReadOnlyList<string> MaestroLabels { get; } = ["composer"];

    /// <summary>The dataset a label belongs to ("composer" -> maestro, the others -> groove).</summary>
    public static string DatasetOf(string label)
        => MaestroLabels.Contains(label) ? Maestro
           : GrooveLabels.Contains(label) ? Groove
           : throw new ArgumentException(
               $"unknown label '{label}'; choose one of {string.Join(", ", GrooveLabels.Concat(MaestroLabels))}");

    /// <summary>
    /// Every piece of the dataset in <paramref name="directory"/> that has the label, in index order.
    /// </summary>
    public static IReadOnlyList<LabeledPiece> Load(string dataset, string directory, string label)
    {
        if (DatasetOf(label) != dataset)
            throw new ArgumentException(
                $"the {dataset} dataset has no label '{label}'; it has "
                + $"{string.Join(", ", dataset == Groove ? GrooveLabels : MaestroLabels)}");
        if (dataset == Groove)
        {
            var index = GrooveIndex.Load(directory);
            return [.. index.Entries.Select(e => new LabeledPiece(index.PathOf(e), GrooveLabel(e, label), e.Split,
                e.Session))];
        }
        var maestro = MaestroIndex.Load(directory);
        return [.. maestro.Entries.Where(e => !e.Composer.Contains('/'))
            .Select(e => new LabeledPiece(maestro.PathOf(e), e.Composer, e.Split, $"{e.Composer}: {e.Title}"))];
    }

    private static string GrooveLabel(GrooveEntry entry, string label) => label switch
    {
        "drummer" => entry.Drummer,
        "style" => entry.PrimaryStyle,
        "meter" => entry.TimeSignature,
        _ => entry.BeatType,
    };
}
