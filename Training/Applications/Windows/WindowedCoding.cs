using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Training.Applications.Windows;

/// <summary>One window of a piece coded: its place, its code [N, Columns] and its own input steps [C, Steps].</summary>
public sealed record CodedWindow(CodeWindow Window, SparseCode Code, float[] Input);

/// <summary>
/// A piece through a coder a window at a time (<see cref="WindowPlan"/>): the window and its context are read
/// (<see cref="ISignalWindows.Read"/>), coded as a piece of their own, and the context's columns dropped, so the
/// windows' codes in order are the whole piece's code while memory holds one window.
/// </summary>
public static class WindowedCoding
{
    /// <summary>
    /// The coded windows of <paramref name="piece"/> in order; <paramref name="encode"/> codes one window's piece
    /// [C, steps read] into [N, columns read] (e.g.
    /// <see cref="TrainedModel.Encode(EncodedPiece, CodeEncoder, int, IReadOnlySet{int}?)"/>).
    /// </summary>
    public static IEnumerable<CodedWindow> Code(ISignalWindows piece, WindowPlan plan,
        Func<EncodedPiece, SparseCode> encode)
    {
        if (piece.Length < 1) throw new ArgumentException("a piece needs at least one step to be coded");
        int channels = piece.Channels;
        foreach (var window in plan.Over(piece.Length))
        {
            var read = new float[(long)channels * window.ReadSteps];
            piece.Read(window.ReadStart, window.ReadSteps, read);
            var code = encode(new EncodedPiece(read, channels, window.ReadSteps, piece.Bpm, piece.Meter));
            var own = window.ContextColumns == 0 ? code
                : CodeEditing.Columns(code, window.ContextColumns, window.Columns);
            var input = SignalRows.Slice(read, channels, window.ReadSteps, window.ContextColumns * window.FrameLength,
                window.Steps);
            yield return new CodedWindow(window, own, input);
        }
    }

    /// <summary>
    /// The whole code's tally (usage, atoms used, and the entries when <paramref name="keepEntries"/>), window by
    /// window.
    /// </summary>
    public static CodeTally Tally(ISignalWindows piece, WindowPlan plan, Func<EncodedPiece, SparseCode> encode,
        int atoms, bool keepEntries = false)
    {
        var tally = new CodeTally(atoms, keepEntries);
        foreach (var coded in Code(piece, plan, encode)) tally.Add(coded.Code);
        return tally;
    }
}
