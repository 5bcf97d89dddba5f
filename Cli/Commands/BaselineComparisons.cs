using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// Each code row's paired comparisons with the model-free baselines (<see cref="ProbeStudy.AgainstBaselines"/>, a
/// bootstrap per baseline), computed on first asking and kept: classify shows the selected row's under the table and
/// writes them again beside that row and under "selected" in the JSON. Over all held-out pieces, or over one part of
/// them (<see cref="HeldOutParts"/>) when <paramref name="part"/> gives its positions.
/// </summary>
internal sealed class BaselineComparisons(ProbeStudy study, IReadOnlyList<int>? part = null)
{
    private readonly Dictionary<ProbeStudy.Row, IReadOnlyList<(ProbeStudy.Row Baseline, AccuracyDifference Difference)>>
        _byRow = new(ReferenceEqualityComparer.Instance);

    /// <summary>The row's comparisons, in table order.</summary>
    public IReadOnlyList<(ProbeStudy.Row Baseline, AccuracyDifference Difference)> Of(ProbeStudy.Row row)
    {
        if (!_byRow.TryGetValue(row, out var comparisons))
            _byRow[row] = comparisons = study.AgainstBaselines(row, part: part);
        return comparisons;
    }
}
