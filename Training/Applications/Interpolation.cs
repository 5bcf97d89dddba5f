using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Interpolation between two pieces in code space: the codes of two equally long sections are mixed linearly,
/// (1 - t) A + t B for t = 0, 1/S, ..., 1, each mix goes through the channel top-k again (the model's k, 1 for the gain
/// search's codes, 2 for the union code's, decoded as a union), each column is scaled to the mixed norm of A's and
/// B's (<see cref="CodeEditing.KeepMixedEnergy"/>, so the path has no silent middle), and is decoded.
/// The sections are the pieces' common beginning, or with a match length the most cosine-similar windows
/// (<see cref="SectionMatching"/>), as the paper suggests. The tempo moves linearly from A's to B's.
/// Both pieces are coded window by window (<see cref="WindowedCoding"/>) and kept as their non-zeros only
/// (<see cref="CodeTally"/>); a step is mixed and decoded a window at a time when asked for (<see cref="Decode"/>),
/// so memory holds the codes' non-zeros and one window, whatever the pieces' length and the number of steps. The
/// section search, too, compares the codes as their non-zeros.
/// </summary>
public sealed class Interpolation
{
    private readonly TrainedModel _trained;
    private readonly CodeTally _codeA, _codeB;
    private readonly WindowPlan _plan;
    private readonly int _k;
    private readonly CodeEncoder _encoder;
    private readonly double _bpmA, _bpmB;
    private readonly TimeSignature _meter;

    private Interpolation(TrainedModel trained, CodeTally codeA, CodeTally codeB, WindowPlan plan,
        CodeEncoder encoder, ISignalWindows a, ISignalWindows b, int steps, SectionMatch sections, int length)
    {
        (_trained, _codeA, _codeB, _plan) = (trained, codeA, codeB, plan);
        (_k, _encoder) = (trained.NonzerosPerColumn(encoder), encoder);
        (_bpmA, _bpmB, _meter) = (a.Bpm, b.Bpm, a.Meter);
        (Steps, Sections, Length) = (steps, sections, length);
    }

    /// <summary>S: the path has S + 1 steps, from A (0) to B (S).</summary>
    public int Steps { get; }

    /// <summary>The sections of A and B that are mixed.</summary>
    public SectionMatch Sections { get; }

    /// <summary>The steps each mix decodes to: the shorter piece's, or the matched sections'.</summary>
    public int Length { get; }

    /// <summary>
    /// The path from <paramref name="a"/> to <paramref name="b"/> in <paramref name="steps"/> steps, over their common
    /// beginning, or over their most alike sections of <paramref name="matchColumns"/> code columns when given; the
    /// pieces go through in <paramref name="plan"/>'s windows (the model's own plan when null), coded by
    /// <paramref name="encoder"/>, and each mix keeps as many non-zeros per column as that encoder's codes hold.
    /// </summary>
    public static Interpolation Between(TrainedModel trained, ISignalWindows a, ISignalWindows b, int steps,
        int? matchColumns, WindowPlan? plan = null, CodeEncoder encoder = CodeEncoder.Wta)
    {
        if (steps < 1) throw new ArgumentException($"an interpolation needs at least 1 step, got {steps}");
        plan ??= WindowPlan.For(trained.Model.Config);
        int atoms = trained.Model.Config.Atoms;
        var codeA = WindowedCoding.Tally(a, plan, p => trained.Encode(p, encoder), atoms, keepEntries: true);
        var codeB = WindowedCoding.Tally(b, plan, p => trained.Encode(p, encoder), atoms, keepEntries: true);
        var sections = matchColumns is int columns
            ? SectionMatching.MostSimilar(codeA, codeB, columns)
            : new SectionMatch(0, 0, Math.Min(codeA.Columns, codeB.Columns), double.NaN);
        int length = matchColumns is null ? Math.Min(a.Length, b.Length)
            : sections.Columns * trained.Model.Config.FrameLength;
        return new Interpolation(trained, codeA, codeB, plan, encoder, a, b, steps, sections, length);
    }

    /// <summary>The mixing weight of step <paramref name="step"/>: t = step / S.</summary>
    public double T(int step) => (double)step / Steps;

    /// <summary>The tempo of step <paramref name="step"/>, moving linearly from A's to B's.</summary>
    public double Bpm(int step) => (1 - T(step)) * _bpmA + T(step) * _bpmB;

    /// <summary>
    /// Step <paramref name="step"/>'s mixed code in windows, in order: [N, columns] each, the section's columns.
    /// </summary>
    public IEnumerable<SparseCode> Codes(int step) => _plan.Over(Length).Select(window => Mix(window, T(step)));

    /// <summary>
    /// Step <paramref name="step"/> decoded window by window into notes at <paramref name="bpm"/> (its own tempo when
    /// null) in A's meter.
    /// </summary>
    public ISignalAssembler Decode(int step, double? bpm = null)
    {
        var output = _trained.Representation.Assembler(bpm ?? Bpm(step), _meter);
        foreach (var window in _plan.Over(Length))
            output.Append(_trained.Decode(Mix(window, T(step)), window.Steps, _encoder), window.Steps);
        return output;
    }

    // the window's columns of both sections mixed at t, top-k per column and the mixed energy kept: [N, window.Columns]
    private SparseCode Mix(CodeWindow window, double t)
    {
        var a = _codeA.Window(Sections.FirstA + window.FirstColumn, window.Columns);
        var b = _codeB.Window(Sections.FirstB + window.FirstColumn, window.Columns);
        return CodeEditing.KeepMixedEnergy(CodeEditing.Interpolate(_trained.Model.Backend, a, b, t, _k), a, b, t);
    }
}
