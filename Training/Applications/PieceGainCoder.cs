using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// The gain search (<see cref="GainSearchCoder"/>, evaluate's <c>model+gain</c>) as the applications' encoder: a piece
/// [C, T] is cut into its L = ceil(T / K) frames (the last one zero-padded, as the model pads), each frame gets the
/// atom n and gain g whose hits g · atom n, read at 0.5, differ from the frame's in the fewest cells (or nothing), and
/// the code [N, L] holds g at (n, l), so the model's decoder gives g · atom n. Over a subset of the atoms the search
/// runs over those atoms alone and the others stay zero. Groove models with value-valued hit rows only (MSE or L1).
/// </summary>
public sealed class PieceGainCoder : IDisposable
{
    private readonly GainSearchCoder? _coder;
    private readonly int[] _modelAtomOf;
    private readonly int _atoms, _channels, _frameLength;

    private PieceGainCoder(GainSearchCoder? coder, int[] modelAtomOf, AutoencoderConfig config)
        => (_coder, _modelAtomOf, _atoms, _channels, _frameLength)
            = (coder, modelAtomOf, config.Atoms, config.InputChannels, config.FrameLength);

    /// <summary>
    /// The search over <paramref name="model"/>'s decoder atoms, or over <paramref name="atoms"/> alone when given; a
    /// clear error for a model of another representation than Groove's or trained with the hits loss.
    /// </summary>
    public static PieceGainCoder For(Autoencoder model, RepresentationKind representation, IReadOnlySet<int>? atoms)
    {
        if (representation != RepresentationKind.Groove)
            throw new ArgumentException(
                $"--encoder gain codes Groove drum grids; this is a {representation} model (use wta or omp)");
        if (atoms is not null) CodeEditing.CheckAtoms(atoms, model.Config.Atoms);
        int[] kept = atoms is null ? [.. Enumerable.Range(0, model.Config.Atoms)] : [.. atoms.Order()];
        var coder = kept.Length == 0 ? null
            : GainSearchCoder.ForModel(model, model.Config.FrameLength, atoms is null ? null : kept);
        return new PieceGainCoder(coder, kept, model.Config);
    }

    /// <summary>piece [C, T] -> code [N, ceil(T / K)]: one atom and its gain per column, zero where nothing fits
    /// better.</summary>
    public SparseCode Encode(EncodedPiece piece)
    {
        if (piece.Channels != _channels)
            throw new ArgumentException($"the model codes {_channels} channels, the piece has {piece.Channels}");
        int columns = (piece.Length + _frameLength - 1) / _frameLength, steps = columns * _frameLength;
        var code = SparseCode.Zeros(_atoms, columns);
        if (_coder is null) return code;
        var padded = SignalRows.PadToLength(piece.Signal, _channels, piece.Length, steps);
        var (atoms, gains) = _coder.Choose(BarSegments.Cut(padded, 1, _channels, steps, _frameLength), columns);
        for (int l = 0; l < columns; l++)
            if (atoms[l] >= 0) code.Values[_modelAtomOf[atoms[l]] * columns + l] = gains[l];
        return code;
    }

    public void Dispose() => _coder?.Dispose();
}
