using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta denoise --model M --input X.mid (--k K | --atom-list LIST | --keep-atoms N) [--encoder wta|omp|gain|union]
/// --out Y.mid [--add-noise RATE] [--drop-hits SHARE] [--seed S --noisy-out Z.mid] [--only-remove|--only-add]
/// [--prior-data GROOVE_DIR [--noise-rate R|auto]] [--plot P.png] [--wav W.wav]": reconstructs with a limited
/// dictionary, a lower k than in training and/or a restricted atom set (with omp the pursuit, with gain the search,
/// runs over the kept atoms alone), the paper's cleaning of musical sections. With --add-noise and/or --drop-hits the
/// input is taken as clean, random extra hits are added and hits taken away first (<see cref="NoiseInjection"/>), and
/// both F1 scores against the clean piece are printed (the noisy input's and the denoised output's), with the velocity
/// error of the notes each finds. Drum hits the wta or omp coder decodes play their velocity and offset over the
/// decoded hit value (<see cref="DecodedHits"/>). Groove only: --only-remove keeps a decoded hit only where the input
/// has one, played as the input played it, --only-add keeps every input hit as played and adds the decoded ones;
/// --prior-data blends each decoded hit with its drum and step's training rate (<see cref="CellPriorOption"/>). --plot
/// draws the (clean) input beside the output; --wav writes the output as audio, after the (clean) input file with
/// --wav-with-input.
/// </summary>
public static class DenoiseCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var input = ApplicationOptions.CreateInputOption();
        var output = new Option<string>("--out")
        {
            Description = "Where to write the denoised piece (.mid)",
            Required = true,
        }.WritingMidi();
        var atoms = new Option<string?>("--atom-list", "--atoms")
        {
            Description = "Only these atoms, a comma-separated list of indices (see tcnwta atoms)",
        };
        var keepAtoms = new Option<int?>("--keep-atoms") { Description = "Only the N atoms the piece uses most" };
        var noise = new Option<double?>("--add-noise")
        {
            Description = "Groove: first add RATE random extra hits per hit of the input, and "
                + "score against the clean input",
        };
        var dropHits = new Option<double?>("--drop-hits")
        {
            Description = "Groove: first take this share of the input's hits away (missed notes), and score against "
                + "the clean input",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the added noise", DefaultValueFactory = _ => 1 };
        var noisyOut = new Option<string?>("--noisy-out")
        {
            Description = "Where to write the noisy input (.mid), with --add-noise or --drop-hits",
        }.WritingMidi();
        var onlyRemove = new Option<bool>("--only-remove")
        {
            Description = "Groove: only take notes away, keeping a decoded hit only where the input has one, as played",
        };
        var onlyAdd = new Option<bool>("--only-add")
        {
            Description = "Groove: only put notes back (missed hits), keeping every input hit as played and adding the "
                + "decoded ones",
        };
        var overwrite = new OverwriteOption();
        var command = new Command("denoise",
            "Reconstruct with a smaller k or a restricted atom set to clean a piece; --add-noise shows the F1 gain")
        {
            input, output, atoms, keepAtoms, noise, dropHits, seed, noisyOut, onlyRemove, onlyAdd, overwrite.Option,
        };
        options.AddTo(command, withEncoder: true);
        var prior = new CellPriorOption();
        prior.AddTo(command);
        var plot = new ComparisonPlotOption();
        plot.AddTo(command);
        var wav = new WavOption();
        wav.AddTo(command, withInput: true);
        command.SetGuardedAction(parse =>
        {
            plot.Check(parse);
            wav.Check(parse);
            if (parse.GetValue(options.K) is null && parse.GetValue(atoms) is null && parse.GetValue(keepAtoms) is null)
                throw new ArgumentException(
                    "give --k, --atom-list or --keep-atoms: denoising reconstructs with a smaller "
                    + "dictionary than the model's");
            if (parse.GetValue(atoms) is not null && parse.GetValue(keepAtoms) is not null)
                throw new ArgumentException("give --atom-list or --keep-atoms, not both");
            var added = HitNoise.Of(parse.GetValue(noise), parse.GetValue(dropHits), "--add-noise", "--drop-hits");
            if (parse.GetValue(noisyOut) is not null && added is null)
                throw new ArgumentException("--noisy-out needs --add-noise or --drop-hits");
            if (added is null)
                UnreadOptions.Refuse(parse, "a denoise without --add-noise or --drop-hits, which draws no noise",
                    [seed]);
            overwrite.CheckFiles(parse,
                [parse.GetValue(output), parse.GetValue(noisyOut), wav.File(parse), plot.File(parse)],
                [parse.GetValue(input), .. options.ModelInputs(parse)]);
            using var opened = options.Open(parse);
            var trained = opened.Trained;
            prior.Check(parse, trained.Representation.Settings.Kind);
            var changes = Changes(parse.GetValue(onlyRemove), parse.GetValue(onlyAdd));
            if (changes != HitChanges.Any && trained.Representation.Settings.Kind != RepresentationKind.Groove)
                throw new ArgumentException(
                    $"{(changes == HitChanges.OnlyRemove ? "--only-remove" : "--only-add")} keeps Groove drum hits; "
                    + "this is a piano model");
            string path = parse.GetValue(input)!;
            var outputs = new OutputSet();
            ISignalWindows piece;
            IReadOnlyList<TimedNote>? cleanNotes = null;
            if (added is { } hitNoise)
            {
                if (trained.Representation.Settings.Kind != RepresentationKind.Groove)
                    throw new ArgumentException(
                        "--add-noise and --drop-hits change Groove drum hits; this is a piano model");
                var clean = opened.Read(path);
                var (noisy, extra, dropped) = NoiseInjection.Apply(clean, hitNoise, parse.GetValue(seed));
                Console.WriteLine(
                    string.Create(CultureInfo.InvariantCulture,
                    $"noise: {extra} random hits added, {dropped} dropped ({hitNoise}, seed {parse.GetValue(seed)})"));
                if (parse.GetValue(noisyOut) is string noisyPath)
                    outputs.AddMidi(opened.Song(noisy.Signal, noisy, noisyPath), noisyPath,
                        $"wrote the noisy input {noisyPath}");
                cleanNotes = trained.Representation.ToNotes(clean.Signal, clean.Length, clean.Bpm);
                piece = new DenseSignalWindows(noisy);
            }
            else piece = opened.Windows(path);
            var allowed = AllowedAtoms(parse.GetValue(atoms), parse.GetValue(keepAtoms), opened, piece);
            var cellPrior = prior.Load(parse, added, piece);
            var result = Denoising.Denoise(trained, piece, trained.Model.TopK, allowed, opened.Encoder,
                prior: cellPrior, changes: changes);
            Console.WriteLine(
                $"{path}: {opened.Coding}, atoms: "
                + (allowed is null ? $"all {trained.Model.Config.Atoms}" : ApplicationOptions.List(allowed.Order()))
                + $"; {result.Code.UsedAtoms().Count} atoms used"
                + changes switch
                {
                    HitChanges.OnlyRemove => "; only the input's hits kept",
                    HitChanges.OnlyAdd => "; every input hit kept",
                    _ => "",
                }
                + (cellPrior is null ? "" : "; hits blended with the prior"));
            if (cleanNotes is not null)
            {
                Console.WriteLine(
                    $"noisy input vs clean: "
                    + $"{ApplicationOptions.Describe(NoteMatching.Match(cleanNotes, result.InputNotes))}");
                Console.WriteLine(
                    $"denoised   vs clean: "
                    + $"{ApplicationOptions.Describe(NoteMatching.Match(cleanNotes, result.Output.Notes()))}");
                Console.WriteLine($"{ApplicationOptions.FoundVelocityLabel}noisy input "
                    + $"{ApplicationOptions.VelocityMae(cleanNotes, result.InputNotes)}, denoised "
                    + ApplicationOptions.VelocityMae(cleanNotes, result.Output.Notes()));
            }
            else
            {
                Console.WriteLine($"denoised vs input: {ApplicationOptions.Describe(result.Match())}");
                Console.WriteLine(ApplicationOptions.FoundVelocityError(result.InputNotes, result.Output.Notes()));
            }
            string written = parse.GetValue(output)!;
            outputs.AddMidi(OpenedModel.Song(result.Output, written), written);
            string inputTitle = cleanNotes is null ? "input" : "clean input (before the added noise)";
            var reference = cleanNotes ?? result.InputNotes;
            plot.AddIfGiven(parse, outputs, trained, reference, result.Output.Notes(), piece.Bpm, piece.Meter,
                $"{inputTitle}: {Path.GetFileName(path)}", string.Create(CultureInfo.InvariantCulture,
                    $"denoised at {opened.Coding}: note F1 "
                    + $"{NoteMatching.Match(reference, result.Output.Notes()).F1:F3}"));
            wav.AddIfGiven(parse, outputs, path, written);
            outputs.Write();
            return 0;
        });
        return command;
    }

    private static HitChanges Changes(bool onlyRemove, bool onlyAdd) => (onlyRemove, onlyAdd) switch
    {
        (true, true) => throw new ArgumentException("give --only-remove or --only-add, not both"),
        (true, _) => HitChanges.OnlyRemove,
        (_, true) => HitChanges.OnlyAdd,
        _ => HitChanges.Any,
    };

    private static IReadOnlySet<int>? AllowedAtoms(string? list, int? keep, OpenedModel opened, ISignalWindows piece)
    {
        if (keep is not int count) return list is null ? null : AtomList.Parse(list, opened.Trained.Model.Config.Atoms);
        if (count < 1) throw new ArgumentException($"--keep-atoms must be at least 1, got {count}");
        var used = Denoising.AtomsByUse(opened.Trained, piece, opened.Encoder);
        if (count >= used.Count)
            ApplicationOptions.Warn(
                $"--keep-atoms {count}: the piece uses only {used.Count} atoms at {opened.Coding}, so none "
                + $"can be dropped: all {used.Count} are kept; give fewer than {used.Count} to clean it");
        return used.Take(count).ToHashSet();
    }
}
