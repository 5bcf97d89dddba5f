using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// The paper's "keep top N features": a piece coded again over only the atoms its code uses most, and decoded, window
/// by window (<see cref="WindowedCoding"/>). Every frame is searched again among the kept atoms by the chosen encoder
/// (the network's activations through the channel top-k, matching pursuit, or the gain search, each over the kept
/// atoms alone), so a frame whose own atoms were dropped gets the best of the kept ones instead of going silent: the
/// same coding as denoise's restricted dictionary (<see cref="Denoising.Denoise"/>) at the model's k.
/// </summary>
public static class Simplification
{
    /// <summary>The piece coded among the <paramref name="kept"/> atoms alone by <paramref name="encoder"/> at the
    /// model's k, and decoded, <paramref name="plan"/>'s windows at a time (the model's own plan when null).</summary>
    public static PieceReconstruction Simplify(TrainedModel trained, ISignalWindows piece, IReadOnlySet<int> kept,
        CodeEncoder encoder, WindowPlan? plan = null)
        => Denoising.Denoise(trained, piece, trained.Model.TopK, kept, encoder, plan);
}
