using Spectre.Console;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// Prints piano rate–distortion rows: a table (precision, recall, the interval at the tuned threshold and each
/// budget's meaning are in the JSON), what each method's code is, what was left out, the model's lead on each baseline
/// and the model file's size beside the paper's; or one JSON line per row.
/// </summary>
public static class PianoRateDistortionReport
{
    /// <summary>The paper's piano model: 107k parameters stored in float64.</summary>
    public const double PaperModelKilobytes = 877;

    /// <summary>The result as a table with notes (json false) or as JSON lines with snake_case keys.</summary>
    public static void Print(PianoRateDistortionResult result, TrainedModel trained, bool json)
    {
        if (json)
        {
            RateDistortionReport.PrintJsonLines(result.Rows);
            return;
        }
        var first = result.Rows[0];
        var table = new Table
        {
            Border = TableBorder.Simple,
            Title = new TableTitle(
                $"{first.Split} split: {first.Pieces} pieces, {first.Seconds:0} s, N = {first.Atoms}"),
        };
        string[] headers = ["method", "nz/s", "spent", "onset F1 [95% CI]", "thr*", "at thr*", "note F1 [95% CI]",
            "found velocity MAE [95% CI]"];
        foreach (var header in headers)
            table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
        foreach (var r in result.Rows)
        {
            string[] cells = [r.Method, $"{r.NonzerosPerSecond}", $"{r.SpentNonzerosPerSecond:0.0}",
                Interval(r.OnsetF1, r.OnsetF1Low, r.OnsetF1High), $"{r.TunedThreshold:0.000}",
                $"{r.TunedOnsetF1:0.000}", Interval(r.NoteF1, r.NoteF1Low, r.NoteF1High),
                Interval(r.FoundVelocityMae, r.FoundVelocityMaeLow, r.FoundVelocityMaeHigh)];
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }
        AnsiConsole.Write(table);
        Console.WriteLine("nz/s: budget in non-zeros per second of music; spent: what the codes held.");
        Console.WriteLine("Onset F1: same pitch within 50 ms; note F1 also needs the offset within 50 ms");
        Console.WriteLine("or 20% of the note (mir_eval). 95% bootstrap intervals over pieces. Decoded at 0.5;");
        Console.WriteLine("thr*: the threshold best for onset F1 on the validation split, and the onset F1 at it.");
        Console.WriteLine("Found velocity MAE: of the onsets found at 0.5, in MIDI velocity / 127.");
        Console.WriteLine("Precision, recall, each budget's code: --json. The codes, in proportion above:");
        foreach (var r in result.Rows.GroupBy(r => r.Method).Select(g => g.First()))
            Console.WriteLine($"  {r.Method} at {r.NonzerosPerSecond}/s: {r.BudgetMeaning}");
        foreach (var line in result.LeftOut) Console.WriteLine($"  left out: {line}");
        RateDistortionReport.PrintComparisons([.. result.Rows.Where(r => r.ModelComparison is not null)
            .OrderBy(r => r.NonzerosPerSecond).Select(r => ($"{r.NonzerosPerSecond}/s", r.Method, r.ModelComparison!))],
            "onset F1", "split's", "pieces");
        Console.WriteLine(ModelSize(trained));
    }

    /// <summary>The model file's size and its parameters as float32, beside the paper's 877 KB piano model.</summary>
    public static string ModelSize(TrainedModel trained)
    {
        int parameters = trained.Model.Parameters.TotalCount;
        return $"model file: {new FileInfo(trained.Path).Length / 1000.0:0.#} KB ({parameters:N0} parameters, "
            + $"{parameters * 4 / 1000.0:0.#} KB as float32);\nthe paper's piano model: {PaperModelKilobytes:0} KB "
            + "(107k parameters as float64)";
    }

    private static string Interval(double value, double low, double high)
        => $"{value:0.000} [{low:0.000}, {high:0.000}]";
}
