using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TcnWtaNative.Cli.Plots;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta styles --model M --data DIR --label composer|drummer|style --out DIR [--features F]": each piece's code
/// features (the mean code unless --features picks another pooled statistic), a PCA scatter coloured by label (PNG and
/// SVG), the label × label centroid distances (CSV and heat-map PNG), the pieces' coordinates (CSV), and
/// nearest-centroid accuracy on the held-out split beside the baseline features.
/// </summary>
public static class StylesCommand
{
    public static Command Create()
    {
        var inputs = new ClassifyInputs("What to colour and group by: composer (MAESTRO), drummer or style (Groove)",
            ["composer", "drummer", "style"]);
        var output = new Option<string>("--out")
        {
            Description = "Folder for the plots and CSV files",
            Required = true,
        };
        var featureSet = new Option<string>("--features")
        {
            Description = $"The code features to map: {string.Join(", ", FeatureSet.CodeSetNames)}",
            DefaultValueFactory = _ => "mean",
        };
        featureSet.AcceptOnlyChoices([.. FeatureSet.CodeSetNames]);
        var overwrite = new OverwriteOption();
        var command = new Command("styles",
            "Map pieces by their sparse codes: PCA scatter, centroid distances and nearest-centroid accuracy per label")
        {
            output, featureSet, overwrite.Option,
        };
        foreach (var option in inputs.All) command.Add(option);
        command.SetGuardedAction(parse =>
        {
            TrainedModel.FileOf(parse.GetValue(inputs.Model)!); // a missing model is said before a full --out folder
            overwrite.CheckFolder(parse, parse.GetValue(output)!);
            overwrite.CheckFiles(parse, [.. OutputNames.Select(name => Path.Combine(parse.GetValue(output)!, name))]);
            using var backend = DeviceOption.Open(parse, inputs.Device);
            string label = parse.GetValue(inputs.Label)!;
            var features = FeatureSet.Code(parse.GetValue(featureSet)!);
            var study = inputs.Load(parse, PieceLabels.DatasetOf(label), backend, withTuning: false, [features]);
            var result = StylesStudy.Run(study.Train, study.HeldOut, features, study.Baselines);
            string dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir); // only now: a study that fails leaves no empty folder behind
            Write(dir, study, result);
            Print(ClassifyInputs.Terminal(), study, result, dir);
            return 0;
        });
        return command;
    }

    // the files written into --out, in the order Write makes them
    private static readonly string[] OutputNames =
        ["styles-pca.png", "styles-pca.svg", "centroid-distances.csv", "centroid-distances.png", "pieces.csv"];

    // writes the set in one step, so a failure leaves none of an earlier run's files half-replaced
    private static void Write(string dir, ClassifyInputs.Study study, StylesStudy result)
    {
        string what = $"{study.Dataset} by {study.Label}";
        string title = FeaturesTitle(result);
        var (png, svg) = StylesScatterPlot.Draw($"{title} of {result.Pieces.Count} pieces, {what}", result.Points,
            [.. result.Pieces.Select(p => p.Piece.Label)], result.Pca.ExplainedFractions);
        byte[] heatmap = DistanceHeatmapPlot.Png(
            $"Euclidean distances between centroids of {title.ToLowerInvariant()}, {what}",
            result.Centroids.Labels, result.Centroids.DistanceMatrix());
        static string Quoted(string text) => $"\"{text.Replace("\"", "\"\"")}\"";
        var lines = result.Pieces.Select((p, i) => string.Create(CultureInfo.InvariantCulture,
            $"{Quoted(p.Piece.Path)},{Quoted(p.Piece.Label)},{p.Piece.Split},{result.Points[i][0]:G6},"
            + $"{result.Points[i][1]:G6}\n"));
        string[] paths = [.. OutputNames.Select(name => Path.Combine(dir, name))];
        AtomicFile.WriteAll([AtomicFile.Bytes(paths[0], png), AtomicFile.Text(paths[1], svg),
            AtomicFile.Text(paths[2], result.Centroids.DistanceCsv()), AtomicFile.Bytes(paths[3], heatmap),
            AtomicFile.Text(paths[4], string.Concat(lines.Prepend("file,label,split,pc1,pc2\n")))]);
    }

    private static void Print(IAnsiConsole console, ClassifyInputs.Study study, StylesStudy result, string dir)
    {
        var table = new Table()
            .AddColumns("label", "train pieces", $"{study.Split} pieces",
            "nearest other centroid (Euclidean distance)");
        var distances = result.Centroids.DistanceMatrix();
        var labels = result.Centroids.Labels;
        for (int a = 0; a < labels.Count; a++)
        {
            int nearest = Enumerable.Range(0, labels.Count).Where(b => b != a).MinBy(b => distances[a, b]);
            table.AddRow(Markup.Escape(labels[a]), study.Train.Count(p => p.Piece.Label == labels[a]).ToString(),
                study.HeldOut.Count(p => p.Piece.Label == labels[a]).ToString(),
                Markup.Escape(
                    string.Create(CultureInfo.InvariantCulture, $"{labels[nearest]} ({distances[a, nearest]:0.###})")));
        }
        console.Write(table);
        PrintScores(console, study, result);
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"PCA: PC 1 and 2 explain {result.Pca.ExplainedFractions[0]:P1} and {result.Pca.ExplainedFractions[1]:P1} "
            + $"of the variance. Wrote styles-pca.png/.svg, centroid-distances.csv/.png, pieces.csv to {dir}")));
    }

    // nearest-centroid accuracy of the code and each baseline, on all held-out pieces and on each non-empty part
    private static void PrintScores(IAnsiConsole console, ClassifyInputs.Study study, StylesStudy result)
    {
        string group = PieceGrouping.Of(study.Dataset);
        var parts = new[] { (Head: "seen", Pieces: result.Parts.Seen, Meaning: $"a {group} among the train pieces"),
            (Head: "new", Pieces: result.Parts.New, Meaning: $"a {group} in none of the train pieces") };
        foreach (var (head, part, meaning) in parts)
            console.MarkupLine(Markup.Escape(HeldOutPart.Describe(head, group, meaning, part.Count, study.Split)));
        console.MarkupLine(Markup.Escape($"codes: the model's code over its {study.Atoms} atoms, {study.Coding}"));
        var shown = parts.Where(part => part.Pieces.Count > 0).ToList();
        var scores = new Table().AddColumns(["nearest centroid on", $"{study.Split} accuracy [[95% CI]]",
            .. shown.Select(part => part.Head)]);
        foreach (var score in result.Baselines.Prepend(result.Code))
            scores.AddRow([Markup.Escape(ReferenceEquals(score, result.Code)
                    ? $"{result.Features.Name} codes ({study.Atoms} atoms)" : score.Features.Name),
                Markup.Escape(score.Accuracy.ToString()),
                .. shown.Select(part => HeldOutPart.CellOf(score.On(part.Pieces)))]);
        scores.AddRow(["chance (majority label)", Markup.Escape(result.Chance.ToString()), .. shown.Select(_ => "")]);
        console.Write(scores);
    }

    private static string FeaturesTitle(StylesStudy result)
        => result.Features.Name == "mean" ? "Mean codes" : $"Code statistics ({result.Features.Name})";
}
