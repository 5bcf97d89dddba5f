using System.Globalization;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// One part of classify's held-out pieces (<see cref="HeldOutParts"/>): those of groups (sessions, compositions) the
/// final probes learned from, or those of new groups. Gives each row's correct/total on the part for the table, the
/// selected row against each baseline on the part under it, and the comparisons as JSON.
/// </summary>
internal sealed class HeldOutPart(string head, string group, string meaning, IReadOnlyList<int> pieces,
    BaselineComparisons comparisons)
{
    /// <summary>"seen" or "new": the table column's head, kept short so the table stays near 120 columns.</summary>
    public string Head => head;

    /// <summary>The part's positions in the held-out order.</summary>
    public IReadOnlyList<int> Pieces => pieces;

    /// <summary>The seen and the new part of a study of <paramref name="dataset"/>'s pieces.</summary>
    public static (HeldOutPart Seen, HeldOutPart New) Of(ProbeStudy study, string dataset)
    {
        string group = PieceGrouping.Of(dataset);
        return (new("seen", group, $"a {group} the probes learned from", study.Parts.Seen,
                new BaselineComparisons(study, study.Parts.Seen)),
            new("new", group, $"a {group} in none of the pieces the probes learned from", study.Parts.New,
                new BaselineComparisons(study, study.Parts.New)));
    }

    /// <summary>The row's accuracy on the part; null when the part is empty.</summary>
    public AccuracyInterval? Score(ProbeStudy.Row row) => HeldOutParts.Score(row.CorrectByPiece, pieces);

    /// <summary>The row's table cell: "65/86".</summary>
    public string Cell(ProbeStudy.Row row) => CellOf(Score(row));

    /// <summary>A score's table cell on a part, "65/86", empty for an empty part (null).</summary>
    public static string CellOf(AccuracyInterval? score) => score is { } s ? $"{s.Correct}/{s.Total}" : "";

    /// <summary>
    /// "seen: 86 test pieces of seen sessions, of a session the probes learned from", or for an empty part the one line
    /// "no test pieces of new sessions (a session in none …)", which stands for its omitted column.
    /// </summary>
    public string Description(string split) => Describe(head, group, meaning, pieces.Count, split);

    /// <summary>
    /// The line above a table for a part of <paramref name="count"/> held-out pieces (<see cref="Description"/>), for
    /// any command that splits its held-out pieces so.
    /// </summary>
    public static string Describe(string head, string group, string meaning, int count, string split)
        => count == 0 ? $"no {split} pieces of {head} {group}s ({meaning})"
            : $"{head}: {count} {split} pieces of {head} {group}s, of {meaning}";

    /// <summary>
    /// Under the table: "on the 40 test pieces of new sessions: max code 7/40 (17.5 %)" and one line per baseline,
    /// the selected row against it on the part; nothing for an empty part.
    /// </summary>
    public IEnumerable<string> Lines(ProbeStudy.Row selected, string split)
    {
        if (Score(selected) is not { } score) return [];
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"on the {score.Total} {split} pieces of {head} {group}s: {selected.Features.Name} code "
            + $"{score.Correct}/{score.Total} ({score.Accuracy:P1})");
        return ProbeComparisonReport.Clauses(comparisons.Of(selected)).Prepend(summary);
    }

    /// <summary>The selected row's comparisons on the part as JSON objects; null for an empty part.</summary>
    public IEnumerable<object>? AgainstBaselinesJson(ProbeStudy.Row row)
        => pieces.Count == 0 ? null : ProbeComparisonReport.Json(comparisons.Of(row));
}
