using System.Globalization;
using TcnWtaNative.Engine.Checkpoints;

namespace TcnWtaNative.Training.Metrics;

/// <summary>
/// A run's metrics.csv: a header, then one row per epoch (epoch, step, train_loss, val_loss, k, lr, seconds,
/// atoms_used, atoms_revived), invariant culture, val_loss empty when there is no validation set. Rows are appended as
/// epochs finish, each whole or not at all. Files of the older seven-column form (no atom counts) still read.
/// </summary>
public static class MetricsCsv
{
    public const string Header = "epoch,step,train_loss,val_loss,k,lr,seconds,atoms_used,atoms_revived";

    /// <summary>The header of metrics files written before the atom counts.</summary>
    public const string SevenColumnHeader = "epoch,step,train_loss,val_loss,k,lr,seconds";

    /// <summary>Replaces the file (atomically) with the header and rows.</summary>
    public static void Write(string path, IEnumerable<MetricsRow> rows) => AtomicFile.Write(path, Contents(rows));

    /// <summary>The file's contents, the header and rows, as a writer into a stream.</summary>
    public static Action<Stream> Contents(IEnumerable<MetricsRow> rows) => stream =>
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.WriteLine(Header);
        foreach (var row in rows) writer.WriteLine(Format(row));
    };

    /// <summary>
    /// Adds one row at the end in a single write, flushed to disk; a write that fails (a full disk) is cut back off,
    /// so the file never keeps part of a row when that is possible.
    /// </summary>
    public static void Append(string path, MetricsRow row)
    {
        byte[] line = System.Text.Encoding.UTF8.GetBytes(Format(row) + "\n");
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        long end = file.Seek(0, SeekOrigin.End);
        try
        {
            file.Write(line);
            file.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            file.SetLength(end);
            throw;
        }
    }

    /// <summary>
    /// Every row of a metrics file; a malformed one is an <see cref="InvalidDataException"/> naming the line.
    /// </summary>
    public static List<MetricsRow> Read(string path) => Parse(path, int.MaxValue, warn: null);

    /// <summary>
    /// The rows of the epochs up to <paramref name="lastEpoch"/>, for a resume from that epoch's checkpoint: rows past
    /// it are dropped before they are parsed, and a malformed last row (an append cut short) is skipped, with a
    /// warning through <paramref name="warn"/>; any other malformed row is still an <see cref="InvalidDataException"/>.
    /// </summary>
    public static List<MetricsRow> ReadThrough(string path, int lastEpoch, Action<string> warn)
        => Parse(path, lastEpoch, warn);

    private static List<MetricsRow> Parse(string path, int lastEpoch, Action<string>? warn)
    {
        var lines = File.ReadAllLines(path);
        int last = Array.FindLastIndex(lines, line => line.Length > 0);
        int columns = lines.Length == 0 ? 0 : lines[0] == Header ? 9 : lines[0] == SevenColumnHeader ? 7 : 0;
        if (columns == 0)
            throw new InvalidDataException($"{path}: not a metrics file (expected the header '{Header}')");
        var rows = new List<MetricsRow>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(',');
            if (int.TryParse(fields[0], CultureInfo.InvariantCulture, out int epoch) && epoch > lastEpoch) continue;
            try
            {
                if (fields.Length != columns) throw new FormatException();
                rows.Add(
                    new MetricsRow(Whole(fields[0]), Whole(fields[1]), Number(fields[2]),
                    fields[3].Length == 0 ? null : Number(fields[3]),
                    Whole(fields[4]), float.Parse(fields[5], NumberStyles.Float, CultureInfo.InvariantCulture),
                    Number(fields[6]),
                    columns == 9 ? OptionalWhole(fields[7]) : null, columns == 9 ? OptionalWhole(fields[8]) : null));
            }
            catch (Exception error) when (IsMalformed(error) && warn is not null && i == last)
            {
                warn($"warning: {path}:{i + 1}: ignoring the torn last row '{lines[i]}' (its append was cut short)");
            }
            catch (Exception error) when (IsMalformed(error))
            {
                throw new InvalidDataException(
                    $"{path}:{i + 1}: malformed metrics row '{lines[i]}'");
            }
        }
        return rows;
    }

    // a field that is no number, or a whole number past an int (an edited or damaged file)
    private static bool IsMalformed(Exception error) => error is FormatException or OverflowException;

    private static double Number(string field) => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int Whole(string field) => int.Parse(field, CultureInfo.InvariantCulture);

    // a whole number, or null for an empty field
    private static int? OptionalWhole(string field) => field.Length == 0 ? null : Whole(field);

    private static string Format(MetricsRow row) => string.Join(',',
        row.Epoch.ToString(CultureInfo.InvariantCulture), row.Step.ToString(CultureInfo.InvariantCulture),
        row.TrainLoss.ToString("R", CultureInfo.InvariantCulture),
        row.ValidationLoss?.ToString("R", CultureInfo.InvariantCulture) ?? "",
        row.K.ToString(CultureInfo.InvariantCulture), row.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        row.Seconds.ToString("F3", CultureInfo.InvariantCulture),
        row.AtomsUsed?.ToString(CultureInfo.InvariantCulture) ?? "",
        row.AtomsRevived?.ToString(CultureInfo.InvariantCulture) ?? "");
}
