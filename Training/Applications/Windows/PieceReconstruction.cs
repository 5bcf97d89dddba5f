using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Training.Applications.Windows;

/// <summary>
/// A piece coded and decoded window by window (<see cref="WindowedCoding"/>): the code's tally, the loss against the
/// input (the model's loss, MSE or L1, over the piece's own steps), the input's notes as the representation reads
/// them, and the output assembled for its notes and its MIDI. What it holds grows with the notes, not with the steps.
/// </summary>
public sealed record PieceReconstruction(int Length, CodeTally Code, double Loss, IReadOnlyList<TimedNote> InputNotes,
    ISignalAssembler Output)
{
    /// <summary>Note-level precision, recall and F1 of the output against the input's notes.</summary>
    public NoteMatchResult Match() => NoteMatching.Match(InputNotes, Output.Notes());

    /// <summary>
    /// Codes <paramref name="piece"/> by <paramref name="encode"/> (one window's piece to its code [N, columns]) and
    /// decodes it through the model's atoms as codes of <paramref name="encoder"/> are decoded (the union code as a
    /// union, <see cref="TrainedModel.Decode"/>), <paramref name="plan"/>'s windows at a time (the model's own plan
    /// when null). <paramref name="refine"/>, when given, changes each decoded window [C, steps] in place before it
    /// is scored and assembled, seeing the window's input [C, steps] and its first step in the piece.
    /// </summary>
    public static PieceReconstruction Run(TrainedModel trained, ISignalWindows piece,
        Func<EncodedPiece, SparseCode> encode, WindowPlan? plan = null, CodeEncoder encoder = CodeEncoder.Wta,
        Action<float[], float[], int>? refine = null)
    {
        var representation = trained.Representation;
        if (piece.Channels != representation.Channels)
            throw new ArgumentException(
                $"the model's {representation.Settings.Kind} signals have {representation.Channels} channels, "
                + $"the piece {piece.Channels}");
        var input = representation.Assembler(piece.Bpm, piece.Meter, piece.Timing);
        var output = representation.Assembler(piece.Bpm, piece.Meter, piece.Timing);
        var tally = new CodeTally(trained.Model.Config.Atoms);
        double errorSum = 0;
        foreach (var coded in WindowedCoding.Code(piece, plan ?? WindowPlan.For(trained.Model.Config), encode))
        {
            int steps = coded.Window.Steps;
            var signal = trained.Decode(coded.Code, steps, encoder);
            refine?.Invoke(coded.Input, signal, coded.Window.Start);
            errorSum += WindowErrorSum(trained.Model.Config.Loss, coded.Input, signal);
            tally.Add(coded.Code);
            input.Append(coded.Input, steps);
            output.Append(signal, steps);
        }
        return new PieceReconstruction(piece.Length, tally, errorSum / ((double)piece.Channels * piece.Length),
            input.Notes(), output);
    }

    // the model's loss of one window's output against its input, summed over [C, steps] in double (MSE, else L1)
    private static double WindowErrorSum(LossKind loss, float[] input, float[] output)
    {
        double sum = 0;
        for (int i = 0; i < input.Length; i++)
        {
            double error = output[i] - input[i];
            sum += loss == LossKind.Mse ? error * error : Math.Abs(error);
        }
        return sum;
    }
}
