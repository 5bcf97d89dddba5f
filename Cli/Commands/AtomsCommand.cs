using System.CommandLine;
using System.Globalization;
using System.Text;
using TcnWtaNative.Cli.Plots.Atoms;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta atoms --model M --out DIR [--data FILES|DIRS [--encoder wta|omp|gain]] [--overwrite]": the learned
/// dictionary as DIR/atoms.png (a grid of atoms as they play: drum grids for Groove, piano rolls of their notes for
/// piano, titled with index and usage share, unused atoms set apart), DIR/atoms.csv (rank, atom, usage, norm) and one
/// MIDI file per atom in DIR/midi/. Atoms are sorted by usage over the --data files as the encoder codes them (gain:
/// summed gains), or by norm without data; each file is coded in windows of whole frames
/// (<see cref="WindowedCoding"/>), so memory stays flat in its length. Every output is checked before the model is
/// read, and the set is written in one step (<see cref="AtomicFile.WriteAll"/>): a failure leaves the files as they
/// were. A DIR that holds anything is refused without --overwrite; with it, the atom MIDI files of an earlier run are
/// replaced as a whole.
/// </summary>
public static class AtomsCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var output = new Option<string>("--out") { Description = "Output folder", Required = true };
        var data = new Option<string[]>("--data")
        {
            Description = "MIDI files or folders whose codes measure atom usage",
            AllowMultipleArgumentsPerToken = true,
        };
        var plotted = new Option<int>("--plot-atoms")
        {
            Description = "At most this many atoms in the PNG grid, the first in order",
            DefaultValueFactory = _ => 100,
        };
        var overwrite = new OverwriteOption();
        var command = new Command("atoms", "Write the learned atoms as a PNG grid, a usage CSV and one MIDI file each")
        {
            output, data, plotted, overwrite.Option,
        };
        options.AddTo(command, withEncoder: true);
        command.SetGuardedAction(parse =>
        {
            if (parse.GetValue(plotted) < 1)
                throw new ArgumentException($"--plot-atoms must be at least 1, got {parse.GetValue(plotted)}");
            if (parse.GetValue(data) is not { Length: > 0 } && parse.GetValue(options.Encoder) is string given
                && given != "wta")
                throw new ArgumentException($"--encoder {given} codes the --data files to "
                    + "measure usage: give --data, or leave --encoder out to sort the atoms by norm");
            if (parse.GetValue(data) is not { Length: > 0 })
                UnreadOptions.Refuse(parse, "atoms without --data, which codes nothing and sorts the atoms by norm",
                    [options.K, options.OffsetWeight]);
            string folder = parse.GetValue(output)!, midiFolder = Path.Combine(folder, "midi");
            string png = Path.Combine(folder, "atoms.png"), csv = Path.Combine(folder, "atoms.csv");
            overwrite.CheckFolder(parse, folder);
            OutputPaths.CheckParents(Path.Combine(midiFolder, AtomMidiPattern));
            overwrite.CheckFiles(parse, [png, csv], options.ModelInputs(parse));
            var dataFiles = parse.GetValue(data) is { Length: > 0 } paths ? MidiFiles.Collect(paths) : null;
            using var opened = options.Open(parse);
            var trained = opened.Trained;
            var dictionary = AtomDictionary.FromModel(trained.Model);
            var usage = new AtomUsage(dictionary.Count);
            var plan = WindowPlan.For(trained.Model.Config);
            CorpusFiles.ForEachReadable(dataFiles ?? [],
                file => usage.Add(WindowedCoding.Code(opened.Windows(file), plan, opened.Encode).Select(w => w.Code)));
            bool byUsage = usage.Pieces > 0;
            var order = byUsage ? usage.OrderByUsage() : dictionary.OrderByNorm();
            var kind = trained.Representation.Settings.Kind;
            // an atom as it plays: at its mean activation where the data used it, else where its strongest note sounds
            float[] Played(int n) => dictionary.Scaled(n, byUsage && usage.ActiveColumns[n] > 0
                ? (float)usage.MeanActivation(n) : dictionary.UnitPeakScale(n, kind));
            int limit = parse.GetValue(plotted);
            var captions = byUsage ? AtomCaptions.ByUsage(usage, limit) : AtomCaptions.ByNorm(dictionary, limit);
            var files = new List<(string Path, Action<Stream> WriteContents)>
            {
                AtomicFile.Bytes(png, AtomGridPlot.Png(captions, Played, dictionary.Length, trained.Representation)),
                AtomicFile.Text(csv, UsageCsv(order, dictionary, usage)),
            };
            for (int rank = 0; rank < order.Length; rank++)
            {
                int n = order[rank];
                string name = string.Create(CultureInfo.InvariantCulture, $"rank{rank:D4}-atom{n:D4}");
                var song = trained.Representation.ToSong(Played(n), dictionary.Length, 120, TimeSignature.Default,
                    name);
                files.Add(MidiOutput.Entry(song, Path.Combine(midiFolder, name + ".mid")));
            }
            AtomicFile.WriteAll(files);
            RemoveStaleAtoms(midiFolder, files);
            Console.WriteLine(
                $"{dictionary.Count} atoms of [{dictionary.Channels}, {dictionary.Length}] ({kind}), sorted by " +
                (byUsage ? $"usage over {usage.Pieces} files ({usage.Columns} code columns at {opened.Coding}); "
                    + $"{order.Count(n => usage.ActiveColumns[n] > 0)} atoms used"
                    : "norm (no --data to measure usage)"));
            Console.WriteLine(
                $"wrote {png}, {csv} and {order.Length} MIDI files in {midiFolder}");
            return 0;
        });
        return command;
    }

    // The atom MIDI files a previous run wrote: replaced as a whole, so a smaller dictionary leaves none of the old
    // ones
    private const string AtomMidiPattern = "rank????-atom????.mid";

    // once the new set is written, the atom files of an earlier run that it did not replace
    private static void RemoveStaleAtoms(string midiFolder, List<(string Path, Action<Stream> WriteContents)> written)
    {
        var kept = written.Select(file => Path.GetFullPath(file.Path)).ToHashSet();
        foreach (string stale in Directory.EnumerateFiles(midiFolder, AtomMidiPattern))
            if (!kept.Contains(Path.GetFullPath(stale))) File.Delete(stale);
    }

    private static string UsageCsv(int[] order, AtomDictionary dictionary, AtomUsage usage)
    {
        var text = new StringBuilder("rank,atom,usage,active_columns,frequency,mean_activation,norm\n");
        for (int rank = 0; rank < order.Length; rank++)
        {
            int n = order[rank];
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"{rank},{n},{usage.Activation[n]:G6},{usage.ActiveColumns[n]},{usage.Frequency(n):G6},"
                + $"{usage.MeanActivation(n):G6},{dictionary.Norm(n):G6}\n"));
        }
        return text.ToString();
    }
}
