using System.Globalization;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// How classify shows the code feature set chosen on validation or by cross-validation
/// (<see cref="ProbeStudy.SelectedCodeRow"/>) and a code row's paired comparison with the model-free baselines
/// (<see cref="ProbeStudy.AgainstBaselines"/>): one line under the table and one per baseline under it, and the JSON
/// objects beside each code row and under "selected".
/// </summary>
internal static class ProbeComparisonReport
{
    /// <summary>
    /// "selected: max-l2 code (λ 0.01, 80.2 % on validation), 53.2 % on test" (<paramref name="chooser"/>: what chose
    /// the row, "validation" or "5-fold CV"), then per baseline "  against drum-class histogram: −5.5 points [−13.5,
    /// +2.4], McNemar p = 0.19 (7 vs 14 discordant pieces)": the discordant pieces are those only the code labels
    /// right, then those only the baseline does.
    /// </summary>
    public static IEnumerable<string> Lines(ProbeStudy.Row selected, string chooser, string split,
        IReadOnlyList<(ProbeStudy.Row Baseline, AccuracyDifference Difference)> against)
    {
        var culture = CultureInfo.InvariantCulture;
        string head = string.Create(culture, $"selected: {selected.Features.Name} code (λ {selected.L2:G3}, ")
            + string.Create(culture, $"{selected.Tuning!.Accuracy:P1} on {chooser}), ")
            + string.Create(culture, $"{selected.Accuracy.Accuracy:P1} on {split}");
        return Clauses(against).Prepend(head);
    }

    /// <summary>One "  against drum-class histogram: …" line per baseline, in table order.</summary>
    public static IEnumerable<string> Clauses(
        IReadOnlyList<(ProbeStudy.Row Baseline, AccuracyDifference Difference)> against)
        => against.Select(pair => Clause(pair.Baseline.Features.Name, pair.Difference));

    /// <summary>One row's comparisons as JSON objects (snake_case keys), in table order.</summary>
    public static IEnumerable<object> Json(
        IReadOnlyList<(ProbeStudy.Row Baseline, AccuracyDifference Difference)> against)
        => against.Select(pair => new
        {
            baseline = pair.Baseline.Features.Name, difference = pair.Difference.Difference,
            lower95 = pair.Difference.Low, upper95 = pair.Difference.High,
            only_this_correct = pair.Difference.OnlyFirstCorrect,
            only_baseline_correct = pair.Difference.OnlySecondCorrect, mcnemar_p = pair.Difference.McNemarP,
            resamples = pair.Difference.Resamples,
        });

    private static string Clause(string baseline, AccuracyDifference d)
        => string.Create(CultureInfo.InvariantCulture,
            $"  against {baseline}: {Points(d.Difference)} points [{Points(d.Low)}, {Points(d.High)}], ")
            + string.Create(CultureInfo.InvariantCulture,
            $"McNemar p = {d.McNemarP:G2} ({d.OnlyFirstCorrect} vs {d.OnlySecondCorrect} discordant pieces)");

    // a share as signed percentage points: +2.4, −5.5, 0.0
    private static string Points(double share)
        => (100 * share).ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture);
}
