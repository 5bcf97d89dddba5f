using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Training.Metrics;

namespace TcnWtaNative.Cli.Plots;

/// <summary>The loss curve of a run as a PNG: training and (when there is one) validation loss per epoch.</summary>
public static class LossCurvePlot
{
    /// <summary>
    /// Writes the plot of rows to path (atomically); nothing is written for a run without a finished epoch.
    /// </summary>
    public static void Save(string path, IReadOnlyList<MetricsRow> rows, string lossName, int width = 900,
        int height = 500)
    {
        if (rows.Count == 0) return;
        var plot = new ScottPlot.Plot();
        double[] epochs = [.. rows.Select(row => (double)row.Epoch)];
        var train = plot.Add.Scatter(epochs, rows.Select(row => row.TrainLoss).ToArray());
        train.LegendText = "train";
        train.MarkerSize = rows.Count > 50 ? 0 : 4;
        var validated = rows.Where(row => row.ValidationLoss is not null).ToList();
        if (validated.Count > 0)
        {
            var validation = plot.Add.Scatter(validated.Select(row => (double)row.Epoch).ToArray(),
                validated.Select(row => row.ValidationLoss!.Value).ToArray());
            validation.LegendText = "validation";
            validation.MarkerSize = train.MarkerSize;
        }
        plot.Title("loss per epoch");
        plot.XLabel("epoch");
        plot.YLabel(lossName);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        byte[] png = plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        AtomicFile.Write(path, stream => stream.Write(png));
    }
}
