using System.Globalization;
using TcnWtaNative.Engine.Checkpoints;

namespace TcnWtaNative.Training.Metrics;

/// <summary>
/// A run's metrics.csv: a header, then one row per epoch (epoch, step, train_loss, val_loss, k, lr, seconds), invariant
/// culture, val_loss empty when there is no validation set. Rows are appended as epochs finish.
/// </summary>
public static class MetricsCsv
{
    public const string Header = "epoch,step,train_loss,val_loss,k,lr,seconds";

    /// <summary>Replaces the file (atomically) with the header and rows.</summary>
    public static void Write(string path, IEnumerable<MetricsRow> rows)
        => AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.WriteLine(Header);
            foreach (var row in rows) writer.WriteLine(Format(row));
        });

    /// <summary>Adds one row at the end.</summary>
    public static void Append(string path, MetricsRow row) => File.AppendAllLines(path, [Format(row)]);

    /// <summary>Every row of a metrics file; a malformed one is an <see cref="InvalidDataException"/> naming the line.</summary>
    public static List<MetricsRow> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header) throw new InvalidDataException($"{path}: not a metrics file (expected the header '{Header}')");
        var rows = new List<MetricsRow>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(',');
            try
            {
                if (fields.Length != 7) throw new FormatException();
                rows.Add(new MetricsRow(int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture),
                    Number(fields[2]), fields[3].Length == 0 ? null : Number(fields[3]), int.Parse(fields[4], CultureInfo.InvariantCulture),
                    float.Parse(fields[5], NumberStyles.Float, CultureInfo.InvariantCulture), Number(fields[6])));
            }
            catch (FormatException) { throw new InvalidDataException($"{path}:{i + 1}: malformed metrics row '{lines[i]}'"); }
        }
        return rows;
    }

    private static double Number(string field) => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Format(MetricsRow row) => string.Join(',',
        row.Epoch.ToString(CultureInfo.InvariantCulture), row.Step.ToString(CultureInfo.InvariantCulture),
        row.TrainLoss.ToString("R", CultureInfo.InvariantCulture), row.ValidationLoss?.ToString("R", CultureInfo.InvariantCulture) ?? "",
        row.K.ToString(CultureInfo.InvariantCulture), row.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        row.Seconds.ToString("F3", CultureInfo.InvariantCulture));
}
