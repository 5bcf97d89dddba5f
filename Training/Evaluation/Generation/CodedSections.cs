using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// Training sections (one bar or several, <see cref="Bars"/>) coded by a model's encoder, a chunk of sections at a
/// time played end to end: how much the code uses each atom (<see cref="Usage"/>, what <c>drums --data --sample
/// usage</c> draws from) and every code column's non-zeros, column <c>section * ColumnsPerSection + position</c>.
/// </summary>
public sealed class CodedSections
{
    /// <summary>Sections coded together.</summary>
    public const int ChunkSections = 512;

    private readonly (int Atom, float Value)[][] _columns;

    private CodedSections(AtomUsage usage, (int Atom, float Value)[][] columns, int columnsPerSection, int sections)
        => (Usage, _columns, ColumnsPerSection, Sections) = (usage, columns, columnsPerSection, sections);

    /// <summary>How the coded sections use each atom.</summary>
    public AtomUsage Usage { get; }

    /// <summary>Code columns per section: its steps / K.</summary>
    public int ColumnsPerSection { get; }

    /// <summary>The sections coded.</summary>
    public int Sections { get; }

    /// <summary>
    /// The non-zeros (atom, value) of column <paramref name="position"/> of section <paramref name="section"/>.
    /// </summary>
    public (int Atom, float Value)[] Column(int section, int position)
        => _columns[section * ColumnsPerSection + position];

    /// <summary>The columns of section <paramref name="section"/>, in order.</summary>
    public (int Atom, float Value)[][] Section(int section)
        => _columns[(section * ColumnsPerSection)..((section + 1) * ColumnsPerSection)];

    /// <summary><paramref name="bars"/>' sections coded by <paramref name="trained"/>'s
    /// <paramref name="encoder"/>.</summary>
    public static CodedSections Code(TrainedModel trained, Bars bars, CodeEncoder encoder)
    {
        int frame = trained.Model.Config.FrameLength, size = bars.Channels * bars.Steps;
        if (bars.Steps % frame != 0)
            throw new ArgumentException($"atoms of {frame} steps do not tile sections of {bars.Steps} steps");
        int perSection = bars.Steps / frame;
        var usage = new AtomUsage(trained.Model.Config.Atoms);
        var columns = new (int, float)[bars.Count * perSection][];
        usage.Add(Chunks(bars).Select(chunk =>
        {
            var (first, count) = chunk;
            var signal = SectionSignals.Join(bars.Values.AsSpan(first * size, count * size), count, bars.Channels,
                bars.Steps);
            var piece = new EncodedPiece(signal, bars.Channels, count * bars.Steps, 120, new TimeSignature(0, 4, 4));
            var code = trained.Encode(piece, encoder, trained.NonzerosPerColumn(encoder));
            for (int l = 0; l < code.Columns; l++)
                columns[first * perSection + l] = [.. Enumerable.Range(0, code.Atoms).Where(n => code[n, l] != 0)
                    .Select(n => (n, code[n, l]))];
            return code;
        }));
        return new CodedSections(usage, columns, perSection, bars.Count);
    }

    private static IEnumerable<(int First, int Count)> Chunks(Bars bars)
    {
        for (int first = 0; first < bars.Count; first += ChunkSections)
            yield return (first, Math.Min(ChunkSections, bars.Count - first));
    }
}
