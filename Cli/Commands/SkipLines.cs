using TcnWtaNative.Midi.Datasets;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// The stderr line of a file a command skips by design (unreadable, missing, no notes): "skipped PATH: REASON", in
/// printable text, the same for training, evaluation and the --data corpora of atoms and drums.
/// </summary>
internal static class SkipLines
{
    /// <summary>Writes <paramref name="file"/>'s line to stderr.</summary>
    public static void Print(SkippedFile file) => Console.Error.WriteLine(PrintableText.Of(file.Line));
}
