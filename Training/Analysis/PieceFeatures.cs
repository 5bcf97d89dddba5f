using System.Diagnostics;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// A piece as fixed-size feature rows: <see cref="Code"/>, pooled statistics of its sparse code through the model, and
/// <see cref="Baselines"/>, model-free summaries computed the same way for every model, by name: for drums the share
/// of hits of each of the 9 drum classes, and the played profile, the input grid's own <see cref="DrumFrames"/>
/// profile in frames of the model's K steps (how each drum is played at each step: hit rate, mean velocity, mean
/// offset; the decoded-profile code set computed on the frames the model reads instead of on its decode); for piano
/// the share of notes of each of the 12 pitch classes, the <see cref="PianoRollStatistics"/>, the
/// <see cref="AtomIntervals.OfNotes"/> of the notes themselves, and those two side by side; for a model of a piano
/// roll (onset roll or piano roll) the <see cref="AtomIntervals"/> of its code (null for other models); and for a drum
/// model the <see cref="DrumFrames"/> of its code through the model's decoder (null for piano models). A drum piece
/// cut into segments (<see cref="PieceSegments"/>) at one or more candidate lengths holds each length's segments in
/// <see cref="Cuts"/>, each segment's features labelled as the piece (null for a length that keeps the piece whole),
/// and in <see cref="Cut"/> which of them its <see cref="Rows"/> are.
/// </summary>
public sealed record PieceFeatures(LabeledPiece Piece, PooledCode Code, IReadOnlyDictionary<string, double[]> Baselines,
    double[]? Intervals = null, DrumFrames? Decoded = null, IReadOnlyList<IReadOnlyList<PieceFeatures>?>? Cuts = null,
    int Cut = 0)
{
    /// <summary>
    /// The rows a probe learns from and votes with for this piece: its segments at <see cref="Cut"/>, or itself.
    /// </summary>
    public IReadOnlyList<PieceFeatures> Rows => Cuts?[Cut] ?? [this];

    /// <summary>The piece cut at the length <paramref name="cut"/> of <see cref="Cuts"/> (itself when uncut).</summary>
    public PieceFeatures AtCut(int cut) => Cuts is null ? this : this with { Cut = cut };

    /// <summary>Baseline names.</summary>
    public const string DrumClasses = "drum-class histogram", PlayedProfile = "played profile",
        PitchClasses = "pitch-class histogram",
        PianoRoll = "piano-roll statistics", NoteIntervals = "note intervals",
        PianoRollAndIntervals = "piano-roll statistics+note intervals";

    /// <summary>
    /// Every piece's features, the files that could not be read with why, and the time encoding took.
    /// </summary>
    public sealed record Table(IReadOnlyList<PieceFeatures> Rows, IReadOnlyList<string> Skipped, TimeSpan Elapsed,
        long Steps);

    /// <summary>The baselines used with a representation.</summary>
    public static IReadOnlyList<string> BaselineNames(RepresentationKind kind)
        => kind == RepresentationKind.Groove ? [DrumClasses, PlayedProfile]
            : [PitchClasses, PianoRoll, NoteIntervals, PianoRollAndIntervals];

    /// <summary>
    /// Reads and encodes each piece, one at a time and in windows of whole frames read from its notes
    /// (<see cref="WindowedCoding"/>), so memory stays bounded however long a piece is. With
    /// <paramref name="maxSteps"/> &gt; 0 only the first that many steps of each signal go through the model
    /// (<see cref="FirstStepsWindows"/>). A file that is not valid MIDI (or holds no notes the encoding can use) is
    /// skipped with its reason. The codes come from <paramref name="encoder"/> at the model's k (1 for the gain
    /// search); a drum model's are also decoded window by window as that encoder's code decodes
    /// (<see cref="TrainedModel.Decode"/>, on the model's backend) into <see cref="DrumFrames"/>. Given
    /// <paramref name="segmentColumns"/> (drum models only), each piece is also cut at each of those candidate
    /// lengths in code columns (0: the piece kept whole) in the same pass over its windows, a
    /// <see cref="PieceSegments.Accumulator"/> a length (<see cref="Cuts"/>); a piece none of whose segments holds a
    /// drum note at some length is skipped.
    /// </summary>
    public static Table Extract(TrainedModel model, IReadOnlyList<LabeledPiece> pieces, int maxSteps = 0,
        IProgress<int>? progress = null, CodeEncoder encoder = CodeEncoder.Wta,
        IReadOnlyList<int>? segmentColumns = null)
    {
        var clock = Stopwatch.StartNew();
        var rows = new List<PieceFeatures>(pieces.Count);
        var skipped = new List<string>();
        long steps = 0;
        var kind = model.Representation.Settings.Kind;
        var keys = model.Representation is IRollRepresentation
            ? AtomIntervals.KeysOf(AtomDictionary.FromModel(model.Model)) : null;
        if (segmentColumns is { Count: > 0 } && kind != RepresentationKind.Groove)
            throw new ArgumentException($"segments are bars of a drum grid; a {kind} model has none");
        for (int i = 0; i < pieces.Count; i++)
        {
            try
            {
                var song = MidiReader.Read(pieces[i].Path);
                var piece = model.Representation.Windows(song);
                if (maxSteps > 0) piece = new FirstStepsWindows(piece, maxSteps);
                steps += piece.Length;
                var pooled = new PooledCode.Accumulator(model.Model.Config.Atoms);
                var intervals = keys is null ? null : new AtomIntervals.Accumulator(keys);
                int frameLength = model.Model.Config.FrameLength;
                var (decoded, played) = kind == RepresentationKind.Groove
                    ? (EmptyFrames(model), EmptyFrames(model)) : (null, null);
                int columns = (piece.Length + frameLength - 1) / frameLength;
                IEnumerable<GrooveHit> hits = segmentColumns is { Count: > 0 } ? GrooveEncoder.Place(song).Hits : [];
                var cuts = (segmentColumns ?? []).Select(length => length > 0
                    ? new PieceSegments.Accumulator(model.Model.Config.Atoms, model.Representation.Channels,
                        frameLength, hits, columns, length)
                    : null).ToList();
                var plan = WindowPlan.For(model.Model.Config);
                foreach (var coded in WindowedCoding.Code(piece, plan, p => model.Encode(p, encoder)))
                {
                    pooled.Add(coded.Code);
                    intervals?.Add(coded.Code);
                    if (decoded is null || played is null || coded.Code.Columns == 0) continue;
                    var frames = model.Decode(coded.Code, coded.Code.Columns * frameLength, encoder);
                    var input = WholeFrames(coded, piece.Channels);
                    decoded.Add(frames, coded.Code.Columns);
                    played.Add(input, coded.Code.Columns);
                    foreach (var cut in cuts) cut?.Add(coded.Code, coded.Window.FirstColumn, frames, input);
                }
                var parts = cuts.Select(cut => cut?.Result(pieces[i])).ToList();
                if (parts.Any(part => part is { Count: 0 }))
                    skipped.Add($"{pieces[i].Path}: no segment holds a drum note");
                else rows.Add(new PieceFeatures(pieces[i], pooled.Result(), BaselinesOf(kind, song, played?.Result()),
                    intervals?.Result(), decoded?.Result(), parts.Count > 0 ? parts : null));
            }
            catch (MidiFormatException error)
            {
                skipped.Add(error.Message);
            }
            progress?.Report(i + 1);
        }
        return new Table(rows, skipped, clock.Elapsed, steps);
    }

    /// <summary>
    /// The pooled code statistics of a piece, coded by the model's encoder at its k in <paramref name="plan"/>'s
    /// windows (the model's own plan when null).
    /// </summary>
    public static PooledCode PooledCodeOf(TrainedModel model, ISignalWindows piece, WindowPlan? plan = null)
    {
        var pooled = new PooledCode.Accumulator(model.Model.Config.Atoms);
        foreach (var coded in WindowedCoding.Code(piece, plan ?? WindowPlan.For(model.Model.Config),
            p => model.Encode(p)))
            pooled.Add(coded.Code);
        return pooled.Result();
    }

    // an empty profile of a drum model's frames [27, K]
    private static DrumFrames.Accumulator EmptyFrames(TrainedModel model)
        => new(model.Representation.Channels, model.Model.Config.FrameLength);

    // one coded window's own input steps [C, steps], zero-padded to its whole frames [C, Lw K] as the model reads them
    private static float[] WholeFrames(CodedWindow coded, int channels)
        => SignalRows.PadToLength(coded.Input, channels, coded.Window.Steps,
            coded.Window.Columns * coded.Window.FrameLength);

    /// <summary>
    /// The baseline rows of a song for a representation, by name (<see cref="BaselineNames"/>); a drum song's
    /// <paramref name="played"/> frames give its played profile (<see cref="DrumFrames.Profile"/> of the input).
    /// </summary>
    public static IReadOnlyDictionary<string, double[]> BaselinesOf(RepresentationKind kind, MidiSong song,
        DrumFrames? played = null)
        => kind == RepresentationKind.Groove
            ? new Dictionary<string, double[]>
            {
                [DrumClasses] = DrumClassHistogram(song),
                [PlayedProfile] = played?.Profile
                    ?? throw new ArgumentException("a drum song's baselines need its played frames"),
            }
            : PianoBaselines(song);

    // the piano baselines of a song: pitch classes, the piano-roll statistics and the intervals of its sounding notes
    private static Dictionary<string, double[]> PianoBaselines(MidiSong song)
    {
        var notes = PerformanceNotes.FromSong(song);
        var (statistics, intervals) = (PianoRollStatistics.Of(notes), AtomIntervals.OfNotes(notes));
        return new Dictionary<string, double[]>
        {
            [PitchClasses] = PitchClassHistogram(song), [PianoRoll] = statistics, [NoteIntervals] = intervals,
            [PianoRollAndIntervals] = [.. statistics, .. intervals],
        };
    }

    /// <summary>
    /// Hits of each drum class (<see cref="DrumMapping"/>) over all mapped hits [9]: the drum channel's notes, the ones
    /// a drum model reads (<see cref="GrooveEncoder.Place"/>) and segments count; unmapped pitches are ignored.
    /// </summary>
    public static double[] DrumClassHistogram(MidiSong song)
        => BinShares.Of(song.Notes.Where(n => n.Channel == MidiNote.DrumChannel)
            .Select(n => DrumMapping.ClassOf(n.Pitch)).Where(c => c >= 0), DrumMapping.ClassCount);

    /// <summary>Notes of each pitch class C, C#, ..., B over all notes [12].</summary>
    public static double[] PitchClassHistogram(MidiSong song) => BinShares.Of(song.Notes.Select(n => n.Pitch % 12), 12);
}
