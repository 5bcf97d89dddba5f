using Spectre.Console;
using TcnWtaNative.Cli.Commands;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Cli;

public class RateDistortionReportTests
{
    private static RateDistortionRow Row(string method)
        => new(method, 4, 1000, "two atoms per frame", "test", 2213, 0.95, 0.94, 0.945, 0.94, 0.95, 0.05, 0.95, 0.94,
            0.945, 0.2055, 0.148, 0.0136, 0.188);

    // the table as a terminal of `width` columns without colour shows it: its lines
    private static string[] Rendered(Table table, int width)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = width;
        console.Write(table);
        return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Test]
    public void TheWideTableIsChosenExactlyWhereItFitsUnwrapped()
    {
        IReadOnlyList<RateDistortionRow> rows = [Row("model+union"), Row("random+union")];
        var wide = RateDistortionReport.Table(rows, wide: true);

        int natural = Rendered(wide, 1000).Max(line => line.TrimEnd('\r').Length);

        Assert.That(RateDistortionReport.NaturalWidth(wide), Is.EqualTo(natural), "the widest rendered line");
        Assert.That((RateDistortionReport.Fits(wide, natural), RateDistortionReport.Fits(wide, natural - 1)),
            Is.EqualTo((true, false)));
        Assert.That(Rendered(wide, natural - 1), Is.Not.EqualTo(Rendered(wide, natural)),
            "one column fewer and the table is squeezed: drawn otherwise than at its own width");
        Assert.That(RateDistortionReport.NaturalWidth(RateDistortionReport.Table(rows, wide: false)),
            Is.LessThanOrEqualTo(80), "the narrow table fits a standard terminal");
    }
}
