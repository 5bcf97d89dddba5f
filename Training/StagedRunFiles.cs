using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Training.Metrics;

namespace TcnWtaNative.Training;

/// <summary>
/// A training session's config.json and metrics.csv, held in memory until the session's first checkpoint is saved
/// and only then put in the run folder, so that a session that stops before it (a NaN at step 1, bad data, an
/// exception, a second Ctrl-C) leaves the folder as it found it: no files that look like a run to --resume,
/// --overwrite or the commands that read run folders. A fresh session (one that replaces whatever the folder held)
/// also removes the loss plot of the run it replaces when it places its files; the plot is drawn again from the
/// session's own rows.
/// </summary>
public sealed class StagedRunFiles(RunFolder run, string configJson, bool fresh)
{
    /// <summary>Whether the files are in the run folder: a checkpoint of this session has been saved.</summary>
    public bool Placed { get; private set; }

    /// <summary>
    /// Called after each checkpoint: the first time, writes config.json and metrics.csv holding
    /// <paramref name="rows"/> (together: a failure leaves both as they were); later calls do nothing.
    /// </summary>
    public void PlaceAfterCheckpoint(IReadOnlyList<MetricsRow> rows)
    {
        if (Placed) return;
        AtomicFile.WriteAll([(run.Metrics, MetricsCsv.Contents(rows)), AtomicFile.Text(run.Config, configJson + "\n")]);
        if (fresh) File.Delete(run.LossPlot);
        Placed = true;
    }

    /// <summary>
    /// A finished epoch's row: appended to metrics.csv once the files are placed; before, the caller keeps it among
    /// the rows <see cref="PlaceAfterCheckpoint"/> writes.
    /// </summary>
    public void Append(MetricsRow row)
    {
        if (Placed) MetricsCsv.Append(run.Metrics, row);
    }
}
