using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta classify --model M --dataset groove|maestro --data DIR --label L": a linear probe (multinomial logistic
/// regression) on the mean sparse codes and the same probe on the baseline features, both trained on the train
/// split and scored on the held-out one, with Wilson 95% intervals and the majority-label chance level.
/// </summary>
public static class ClassifyCommand
{
    public static Command Create()
    {
        var inputs = new ClassifyInputs("What to predict: drummer, style, meter or beat-type (Groove), composer (MAESTRO)",
            [.. PieceLabels.GrooveLabels, .. PieceLabels.MaestroLabels]);
        var dataset = new Option<string>("--dataset") { Description = "Which dataset: groove or maestro", Required = true };
        dataset.AcceptOnlyChoices(PieceLabels.Groove, PieceLabels.Maestro);
        var l2 = new Option<double>("--l2") { Description = "L2 penalty λ on the probe's weights (features are standardized on train)", DefaultValueFactory = _ => 1e-2 };
        var output = new Option<string?>("--out") { Description = "Also write the result as JSON to this file" };
        var command = new Command("classify", "Linear probe on mean sparse codes against a drum- or pitch-class histogram baseline") { dataset, l2, output };
        foreach (var option in inputs.All) command.Add(option);
        command.SetGuardedAction(parse =>
        {
            double lambda = parse.GetValue(l2);
            if (!(lambda >= 0)) throw new ArgumentException($"--l2 must be zero or positive, got {lambda}");
            using var backend = DeviceOption.Open(parse, inputs.Device);
            var study = inputs.Load(parse, parse.GetValue(dataset)!, backend);
            var result = ProbeStudy.Run(study.Train, study.HeldOut, lambda);
            Print(ClassifyInputs.Terminal(), study, result);
            if (parse.GetValue(output) is { } path) File.WriteAllText(path, Json(study, result));
            return 0;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, ClassifyInputs.Study study, ProbeStudy result)
    {
        console.MarkupLine(Markup.Escape($"{study.Dataset} {study.Label}: {result.ClassCount} classes, {result.TrainCount} train pieces, {result.HeldOutCount} {study.Split} pieces"));
        var table = new Table().AddColumns("features", $"{study.Split} accuracy [[95% CI]]");
        table.AddRow($"linear probe on mean codes ({study.Atoms} atoms)", Markup.Escape(result.CodeAccuracy.ToString()));
        table.AddRow(Markup.Escape($"linear probe on {study.BaselineName}"), Markup.Escape(result.BaselineAccuracy.ToString()));
        table.AddRow("chance (majority label)", Markup.Escape(result.Chance.ToString()));
        console.Write(table);
    }

    private static string Json(ClassifyInputs.Study study, ProbeStudy result)
    {
        static object Score(AccuracyInterval a) => new { accuracy = a.Accuracy, lower95 = a.Lower, upper95 = a.Upper, correct = a.Correct, total = a.Total };
        return JsonSerializer.Serialize(new
        {
            dataset = study.Dataset, label = study.Label, split = study.Split, classes = result.ClassCount,
            train = result.TrainCount, heldOut = result.HeldOutCount, atoms = study.Atoms, baseline = study.BaselineName,
            probe = Score(result.CodeAccuracy), baselineProbe = Score(result.BaselineAccuracy), chance = Score(result.Chance),
        }, new JsonSerializerOptions { WriteIndented = true });
    }
}
