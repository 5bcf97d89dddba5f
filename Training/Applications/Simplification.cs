using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// The paper's "keep top N features": a piece decoded from only the atoms its code uses most, window by window
/// (<see cref="WindowedCoding"/>). Under the network's encoder (wta) and matching pursuit (omp) the piece's code keeps
/// those atoms' entries and drops the others', so a column whose atoms were all dropped goes silent; under the gain
/// search each frame is searched again over the kept atoms alone and gets the best of them with its own gain, or
/// nothing, as denoise's restricted search does.
/// </summary>
public static class Simplification
{
    /// <summary>The piece decoded from the <paramref name="kept"/> atoms alone, coded by
    /// <paramref name="encoder"/>.</summary>
    public static PieceReconstruction Simplify(TrainedModel trained, ISignalWindows piece, IReadOnlySet<int> kept,
        CodeEncoder encoder)
        => PieceReconstruction.Run(trained, piece, encoder == CodeEncoder.Gain
            ? p => trained.Encode(p, encoder, trained.Model.TopK, kept)
            : p => CodeEditing.KeepAtoms(trained.Encode(p, encoder), kept));
}
