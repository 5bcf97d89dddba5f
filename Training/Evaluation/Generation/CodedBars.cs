using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// Training bars coded by a model's encoder, a chunk of bars at a time played end to end: how much the code uses each
/// atom (<see cref="Usage"/>, what <c>drums --data</c> samples from) and every code column's non-zeros, column
/// <c>bar * ColumnsPerBar + position</c>.
/// </summary>
public sealed class CodedBars
{
    /// <summary>Bars coded together: a code of [N, 2 * 512] at most per call.</summary>
    public const int ChunkBars = 512;

    private readonly (int Atom, float Value)[][] _columns;

    private CodedBars(AtomUsage usage, (int Atom, float Value)[][] columns, int columnsPerBar, int bars)
        => (Usage, _columns, ColumnsPerBar, Bars) = (usage, columns, columnsPerBar, bars);

    /// <summary>How the coded bars use each atom.</summary>
    public AtomUsage Usage { get; }

    /// <summary>Code columns per bar: steps / K.</summary>
    public int ColumnsPerBar { get; }

    /// <summary>The bars coded.</summary>
    public int Bars { get; }

    /// <summary>
    /// The non-zeros (atom, value) of column <paramref name="position"/> of bar <paramref name="bar"/>.
    /// </summary>
    public (int Atom, float Value)[] Column(int bar, int position) => _columns[bar * ColumnsPerBar + position];

    /// <summary>The columns of bar <paramref name="bar"/>, in order.</summary>
    public (int Atom, float Value)[][] Bar(int bar) => _columns[(bar * ColumnsPerBar)..((bar + 1) * ColumnsPerBar)];

    /// <summary><paramref name="bars"/> coded by <paramref name="trained"/>'s <paramref name="encoder"/>.</summary>
    public static CodedBars Code(TrainedModel trained, Bars bars, CodeEncoder encoder)
    {
        int frame = trained.Model.Config.FrameLength, size = bars.Channels * bars.Steps;
        if (bars.Steps % frame != 0)
            throw new ArgumentException($"atoms of {frame} steps do not tile bars of {bars.Steps} steps");
        int perBar = bars.Steps / frame;
        var usage = new AtomUsage(trained.Model.Config.Atoms);
        var columns = new (int, float)[bars.Count * perBar][];
        usage.Add(Chunks(bars).Select(chunk =>
        {
            var (first, count) = chunk;
            var signal = BarSignals.Join(bars.Values.AsSpan(first * size, count * size), count, bars.Channels,
                bars.Steps);
            var piece = new EncodedPiece(signal, bars.Channels, count * bars.Steps, 120, new TimeSignature(0, 4, 4));
            var code = trained.Encode(piece, encoder, trained.NonzerosPerColumn(encoder));
            for (int l = 0; l < code.Columns; l++)
                columns[first * perBar + l] = [.. Enumerable.Range(0, code.Atoms).Where(n => code[n, l] != 0)
                    .Select(n => (n, code[n, l]))];
            return code;
        }));
        return new CodedBars(usage, columns, perBar, bars.Count);
    }

    private static IEnumerable<(int First, int Count)> Chunks(Bars bars)
    {
        for (int first = 0; first < bars.Count; first += ChunkBars)
            yield return (first, Math.Min(ChunkBars, bars.Count - first));
    }
}
