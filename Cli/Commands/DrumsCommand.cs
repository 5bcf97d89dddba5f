using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta drums --model M --structure "A A B A" --bars 8 --tempo 120 [--meter 4-4] [--seed-file F.mid | --data
/// FILES [--sample chain|usage]] --out Y.mid [--wav W.wav]": structured drum generation with a Groove model. Each
/// section name gets a code: a window of the seed file's code; with --data, columns drawn by a chain over the codes of
/// the data's pieces in --meter (<see cref="CodeChain"/>) or atoms sampled by their usage in all of it; atoms drawn
/// uniformly without either. The sections are decoded and stitched as the structure says and written as a drum MIDI
/// file on channel 10 (and as audio with --wav).
/// </summary>
public static class DrumsCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var structure = new Option<string>("--structure")
        {
            Description = "Section names in order, e.g. \"A A B A\"; equal names play the same bars",
            Required = true,
        };
        var bars = new Option<int>("--bars")
        {
            Description = "Bars in all, split evenly over the sections",
            DefaultValueFactory = _ => 8,
        };
        var tempo = new Option<double>("--tempo") { Description = "Tempo in bpm", DefaultValueFactory = _ => 120 };
        var meter = new Option<string>("--meter")
        {
            Description = "Time signature, 4-4 or 4/4 style",
            DefaultValueFactory = _ => "4-4",
        };
        var seedFile = new Option<string?>("--seed-file")
        {
            Description = "Take each section's code from a window of this drum file's code",
        };
        var data = new Option<string[]>("--data")
        {
            Description = "Without --seed-file: generate from the codes of these MIDI files or folders (--sample)",
            AllowMultipleArgumentsPerToken = true,
        };
        var sample = new Option<string>("--sample")
        {
            Description = "With --data: chain (each code column follows a place in the data's pieces in --meter "
                + "whose column before shares an atom) or usage (atoms drawn one by one by how often the data uses "
                + "them)",
            DefaultValueFactory = _ => SampleChain,
        }.AcceptOnlyChoices(SampleChain, SampleUsage);
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed for choosing windows or sampling atoms",
            DefaultValueFactory = _ => 1,
        };
        var output = new Option<string>("--out") { Description = "Where to write the drums (.mid)", Required = true }
            .WritingMidi();
        var overwrite = new OverwriteOption();
        var command = new Command("drums",
            "Generate a structured drum track (e.g. A A B A) from a seed file's code or the codes of --data files")
        {
            structure, bars, tempo, meter, seedFile, data, sample, seed, output, overwrite.Option,
        };
        options.AddTo(command, withEncoder: true);
        var wav = new WavOption();
        wav.AddTo(command, withInput: false);
        command.SetGuardedAction(parse =>
        {
            wav.Check(parse);
            var form = DrumStructure.Parse(parse.GetValue(structure)!, parse.GetValue(bars));
            var timeSignature = ModelMeter.Parse(parse.GetValue(meter)!, "--meter");
            double bpm = parse.GetValue(tempo);
            if (!MidiLimits.HoldsBpm(bpm))
                throw new ArgumentException(
                    $"--tempo must lie in {MidiLimits.BpmRange} (MIDI's tempo field), got {bpm}");
            RefuseUnreadableLength(form.Bars, timeSignature, bpm);
            if (parse.GetValue(seedFile) is not null && parse.GetValue(data) is { Length: > 0 })
                throw new ArgumentException("give --seed-file or --data, not both");
            if (parse.GetResult(sample) is { Implicit: false } && parse.GetValue(data) is not { Length: > 0 })
                throw new ArgumentException("--sample says how to draw from --data; give --data FILES too");
            // the files --data names or holds: a folder's files are inputs the output must not replace
            var dataFiles = parse.GetValue(data) is { Length: > 0 } dataPaths ? MidiFiles.Collect(dataPaths) : [];
            overwrite.CheckFiles(parse, [parse.GetValue(output), wav.File(parse)],
                [parse.GetValue(seedFile), .. dataFiles, .. options.ModelInputs(parse)]);
            using var opened = options.Open(parse);
            var trained = opened.Trained;
            if (trained.Meter is string trainedMeter && ModelMeter.Text(timeSignature) != trainedMeter)
                ApplicationOptions.Warn(
                    $"--meter {ModelMeter.Shown(ModelMeter.Text(timeSignature))}: the model was trained on "
                    + $"{ModelMeter.Shown(trainedMeter)} bars; its atoms will not line up with these bars");
            var generator = new DrumStructureGenerator(trained);
            GeneratedDrums drums;
            if (parse.GetValue(seedFile) is string seedPath)
            {
                drums = generator.FromSeed(form, timeSignature, opened.Windows(seedPath), parse.GetValue(seed),
                    opened.Encoder);
                Console.WriteLine($"sections cut from the code of {seedPath}");
            }
            else if (dataFiles.Count > 0 && parse.GetValue(sample) == SampleChain)
            {
                var chain = new CodeChain(generator.ColumnsPerBar(timeSignature));
                int chained = 0;
                int readable = CorpusFiles.ForEachReadable(dataFiles, file =>
                {
                    if (opened.WindowsIn(file, timeSignature) is not { } piece) return;
                    chain.Add(opened.Tally(piece, keepEntries: true));
                    chained++;
                });
                CheckChainedMeter(chained, readable, timeSignature);
                drums = generator.FromChain(form, timeSignature, chain, parse.GetValue(seed), opened.Encoder);
                Console.WriteLine($"code columns chained over the codes of {chained} files ({chain.Columns} "
                    + $"columns, {opened.Coding})");
            }
            else
            {
                var usage = new AtomUsage(trained.Model.Config.Atoms);
                var plan = WindowPlan.For(trained.Model.Config);
                CorpusFiles.ForEachReadable(dataFiles, file
                    => usage.Add(WindowedCoding.Code(opened.Windows(file), plan, opened.Encode).Select(w => w.Code)));
                drums = generator.FromUsage(form, timeSignature, usage, trained.Model.TopK, parse.GetValue(seed),
                    opened.Encoder);
                Console.WriteLine(usage.Pieces > 0
                    ? $"atoms sampled by their usage over {usage.Pieces} files, k = {trained.Model.TopK} per column"
                    : $"atoms sampled uniformly (no --data or --seed-file), k = {trained.Model.TopK} per column");
            }
            string written = parse.GetValue(output)!;
            var song = generator.Assemble(drums, bpm, timeSignature).Song(Path.GetFileNameWithoutExtension(written));
            var outputs = new OutputSet();
            outputs.AddMidi(song, written, string.Create(CultureInfo.InvariantCulture,
                $"{string.Join(' ', form.Sections)}: {form.Bars} bars of {timeSignature} at {bpm:0.##} bpm, "
                + $"{form.BarsPerSection} bars per section, {song.Notes.Count} notes -> {written}"));
            foreach (var (name, code) in drums.CodeBySection)
                Console.WriteLine($"section {name}: {AtomSummary(code.UsedAtoms())}");
            wav.AddIfGiven(parse, outputs, [written], "the drums");
            outputs.Write();
            return 0;
        });
        return command;
    }

    // the chain keeps beat positions, so it draws only from pieces in the meter it writes: none is an error, and
    // files left out are one warning
    private static void CheckChainedMeter(int chained, int files, TimeSignature meter)
    {
        string shown = ModelMeter.Shown(ModelMeter.Text(meter));
        if (chained == 0)
            throw new ArgumentException($"none of the {files} --data files is in {shown} throughout; the chain keeps "
                + $"beat positions, so it draws only from pieces in --meter {shown} (--sample usage takes any meter)");
        if (chained < files)
            ApplicationOptions.Warn($"{files - chained} of {files} --data files are not in {shown} throughout; "
                + "the chain leaves them out, as their beats would fall elsewhere");
    }

    /// <summary>The --sample choices: the chain over the data's codes (the default), or atoms drawn by usage.</summary>
    public const string SampleChain = "chain", SampleUsage = "usage";

    /// <summary>Atoms shown in a summary line before the rest are counted.</summary>
    public const int AtomsShown = 12;

    /// <summary>
    /// "3 atoms: 4, 17, 42", or past <see cref="AtomsShown"/> atoms the first of them and a count: "1000 atoms: 0, 1,
    /// ..., 11 and 988 more".
    /// </summary>
    public static string AtomSummary(IReadOnlySet<int> atoms)
    {
        string shown = ApplicationOptions.List(atoms.Order().Take(AtomsShown));
        string more = atoms.Count > AtomsShown ? $" and {atoms.Count - AtomsShown} more" : "";
        return $"{atoms.Count} {(atoms.Count == 1 ? "atom" : "atoms")}: {shown}{more}";
    }

    // a track longer than MIDI files tcnwta reads (MidiLimits.MaxDurationSeconds) would be written and never read back
    private static void RefuseUnreadableLength(int bars, TimeSignature meter, double bpm)
    {
        double seconds = bars * (4.0 * meter.Numerator / meter.Denominator) * 60 / bpm;
        if (seconds > MidiLimits.MaxDurationSeconds)
            throw new ArgumentException(FormattableString.Invariant(
                $"--bars {bars} of {meter} at {bpm:0.##} bpm last {seconds / 3600:0.##} hours; tcnwta reads MIDI ")
                + FormattableString.Invariant($"files of at most {MidiLimits.MaxDurationSeconds / 3600:0} hours ")
                + "(fewer --bars or a faster --tempo)");
    }
}
