using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using System.CommandLine;
using TcnWtaNative.Cli.Plots.Comparison;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "--plot FILE.png" for the commands that turn a piece into another: the input and the output side by side.
/// </summary>
public sealed class ComparisonPlotOption
{
    public Option<string?> Path { get; } = new("--plot")
    {
        Description = "Also draw the input and the output side by side as a PNG, marking notes kept, missed and added",
    };

    /// <summary>Adds --plot to a command.</summary>
    public void AddTo(Command command) => command.Add(Path);

    /// <summary>The --plot file, or null.</summary>
    public string? File(ParseResult parse) => parse.GetValue(Path);

    /// <summary>Refuses a --plot that is not a .png file, before any work is done.</summary>
    public void Check(ParseResult parse) => OutputPaths.CheckPng(parse.GetValue(Path), "--plot");

    /// <summary>When --plot was given, adds to <paramref name="outputs"/> the notes <paramref name="output"/> drawn
    /// beside <paramref name="input"/>, read from a piece at <paramref name="bpm"/> in <paramref name="meter"/>.
    /// </summary>
    public void AddIfGiven(ParseResult parse, OutputSet outputs, TrainedModel trained,
        IReadOnlyList<TimedNote> input, IReadOnlyList<TimedNote> output, double bpm, TimeSignature meter,
        string inputTitle, string outputTitle)
    {
        if (parse.GetValue(Path) is not string path) return;
        var picture = ComparisonPicture.Of(trained.Representation, input, output, bpm, meter, inputTitle, outputTitle);
        outputs.AddPng(path, ComparisonPlot.Png(picture), string.Join(", ", picture.Legend().Select(l => l.Label)));
    }
}
