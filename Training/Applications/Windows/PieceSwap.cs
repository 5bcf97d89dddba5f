using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Training.Applications.Windows;

/// <summary>
/// The swap of piece A's most used atoms for piece B's (<see cref="CodeEditing.PairTopAtoms"/>,
/// <see cref="CodeEditing.MoveAtoms"/>) in windows of whole frames: one pass over each piece ranks its atoms
/// (<see cref="WindowedCoding.Tally"/>), and a second pass over A codes, moves and decodes it
/// (<see cref="PieceReconstruction"/>), so neither piece's dense signal or code is ever held whole.
/// </summary>
public static class PieceSwap
{
    /// <summary>
    /// A decoded with its <paramref name="count"/> most used atoms moved onto B's, <paramref name="plan"/>'s windows at
    /// a time (the model's own plan when null), both pieces coded by <paramref name="encoder"/> at the model's k (the
    /// gain search: one atom and its gain per frame, the gain then played by B's atom; the union code: B's atoms at A's
    /// gains, decoded as a union); the result's input is A.
    /// </summary>
    public static (PieceReconstruction Result, IReadOnlyList<(int From, int To)> Pairs) Run(TrainedModel trained,
        ISignalWindows a, ISignalWindows b, int count, WindowPlan? plan = null, CodeEncoder encoder = CodeEncoder.Wta)
    {
        plan ??= WindowPlan.For(trained.Model.Config);
        int atoms = trained.Model.Config.Atoms;
        SparseCode Encode(EncodedPiece piece) => trained.Encode(piece, encoder);
        var pairs = CodeEditing.PairTopAtoms(WindowedCoding.Tally(a, plan, Encode, atoms).Usage(),
            WindowedCoding.Tally(b, plan, Encode, atoms).Usage(), count);
        var result = PieceReconstruction.Run(trained, a, piece => CodeEditing.MoveAtoms(Encode(piece), pairs), plan,
            encoder);
        return (result, pairs);
    }
}
