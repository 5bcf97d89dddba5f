using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// The --data files of atoms and drums: a corpus the command measures (atom usage, a chain of codes), not files it
/// writes an output for. As a dataset's are in training, a file that is no readable MIDI for the model (a FIFO or a
/// device among them, found before it is opened) is skipped with one line on stderr and the rest are used; none
/// readable is an error. (encode and midi inspect, which answer for
/// each file, name a bad one and exit 1.)
/// </summary>
internal static class CorpusFiles
{
    /// <summary>
    /// Runs <paramref name="use"/> on each of <paramref name="files"/>, skipping a bad one; how many it ran on.
    /// </summary>
    public static int ForEachReadable(IReadOnlyCollection<string> files, Action<string> use)
    {
        int used = 0;
        foreach (string file in files)
        {
            try
            {
                RegularFiles.Check(file);
                use(file);
                used++;
            }
            catch (MidiFormatException error)
            {
                SkipLines.Print(new SkippedFile(error.File, error.Problem));
            }
        }
        if (files.Count > 0 && used == 0)
            throw new InvalidDataException($"none of the {files.Count} --data files could be encoded");
        return used;
    }
}
