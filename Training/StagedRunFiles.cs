using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Metrics;

namespace TcnWtaNative.Training;

/// <summary>
/// A training session's config.json and metrics.csv, held in memory until the session's first checkpoint is saved
/// and only then put in the run folder, so that a session that stops before it (a NaN at step 1, bad data, an
/// exception, a second Ctrl-C) leaves the folder as it found it: no files that look like a run to --resume,
/// --overwrite or the commands that read run folders. They are placed together with that checkpoint, as one set
/// (<see cref="RunFileSet"/>), after checking that no folder stands where one of the run's files goes
/// (<see cref="RunFolderCheck.RefuseFilesOnTheWay"/>): a failure leaves the run it would replace whole, its model
/// included. A fresh session (one that replaces whatever the folder held) also removes the loss plot of the run it
/// replaces once its files are placed; the plot is drawn again from the session's own rows.
/// </summary>
public sealed class StagedRunFiles(RunFolder run, string configJson, bool fresh)
{
    /// <summary>Whether the files are in the run folder: a checkpoint of this session has been saved.</summary>
    public bool Placed { get; private set; }

    /// <summary>
    /// Saves a checkpoint, <paramref name="checkpoint"/>'s files (<see cref="TrainingCheckpoint.Files"/>): the first
    /// time together with config.json and metrics.csv holding <paramref name="rows"/>, later alone.
    /// </summary>
    public void SaveCheckpoint(IReadOnlyList<(string Path, Action<Stream> WriteContents)> checkpoint,
        IReadOnlyList<MetricsRow> rows)
    {
        if (Placed)
        {
            AtomicFile.WriteAll(checkpoint);
            return;
        }
        RunFolderCheck.RefuseFilesOnTheWay(run.Directory);
        RunFileSet.Replace([(run.Metrics, MetricsCsv.Contents(rows)), AtomicFile.Text(run.Config, configJson + "\n"),
            .. checkpoint]);
        if (fresh) File.Delete(run.LossPlot);
        Placed = true;
    }

    /// <summary>
    /// A finished epoch's row: appended to metrics.csv once the files are placed; before, the caller keeps it among
    /// the rows <see cref="SaveCheckpoint"/> writes.
    /// </summary>
    public void Append(MetricsRow row)
    {
        if (Placed) MetricsCsv.Append(run.Metrics, row);
    }
}
