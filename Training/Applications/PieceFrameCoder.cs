using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// The gain search and the union code as the applications' encoders, frame by frame: a piece [C, T] is cut into its
/// L = ceil(T / K) frames (the last one zero-padded, as the model pads) and each frame coded by
/// <see cref="CodeEncoder.Gain"/>: the atom n and gain g whose hits g · atom n, read at 0.5, differ from the frame's in
/// the fewest cells, or nothing (<see cref="GainSearchCoder"/>, evaluate's <c>model+gain</c>); or
/// <see cref="CodeEncoder.Union"/>: up to two atoms with gains (<see cref="UnionGainCoder"/>, evaluate's
/// <c>model+union</c>). Both codes decode as a union of lit hits, a lit cell's velocity and offset the atom's own over
/// its hit value (<see cref="TrainedModel.Decode(SparseCode, int, CodeEncoder)"/>, <see cref="UnionDecoding"/>), not
/// by the linear decoder, which would sum two atoms and scale velocities with the gain. The code [N, L] holds each
/// chosen g at (n, l) (the larger gain when the union coder picks one atom twice). Over a subset of the atoms the coder
/// sees those atoms alone and the others stay zero. Groove models with value-valued hit rows only (MSE or L1).
/// </summary>
public sealed class PieceFrameCoder : IDisposable
{
    private readonly GainSearchBarCoder? _coder;
    private readonly int[] _modelAtomOf;
    private readonly int _atoms, _channels, _frameLength;

    /// <summary>
    /// <paramref name="encoder"/> (gain or union) over <paramref name="model"/>'s decoder atoms, or over
    /// <paramref name="atoms"/> alone when given; a clear error for a model of another representation than Groove's or
    /// trained with the hits loss.
    /// </summary>
    public PieceFrameCoder(Autoencoder model, RepresentationKind representation, IReadOnlySet<int>? atoms,
        CodeEncoder encoder)
    {
        var config = model.Config;
        CheckRepresentation(representation, encoder);
        if (atoms is not null) CodeEditing.CheckAtoms(atoms, config.Atoms);
        _modelAtomOf = atoms is null ? [.. Enumerable.Range(0, config.Atoms)] : [.. atoms.Order()];
        (_atoms, _channels, _frameLength) = (config.Atoms, config.InputChannels, config.FrameLength);
        if (_modelAtomOf.Length > 0) _coder = CoderOver(model, atoms is null ? null : _modelAtomOf, encoder);
    }

    /// <summary>
    /// A clear error when <paramref name="encoder"/> (gain or union) cannot code this representation.
    /// </summary>
    public static void CheckRepresentation(RepresentationKind representation, CodeEncoder encoder)
    {
        if (representation != RepresentationKind.Groove)
            throw new ArgumentException($"--encoder {ModelEncoder.Name(encoder)} codes Groove drum grids; this is a "
                + $"{representation} model (use wta or omp)");
    }

    // the gain search or the union coder over the model's atoms kept (all when null), on single K-step frames
    private static GainSearchBarCoder CoderOver(Autoencoder model, IReadOnlyList<int>? kept, CodeEncoder encoder)
        => encoder == CodeEncoder.Gain
            ? GainSearchCoder.ForModel(model, model.Config.FrameLength, kept)
            : UnionGainCoder.ForModel(model, model.Config.FrameLength, kept);

    /// <summary>
    /// piece [C, T] -> code [N, ceil(T / K)]: each column the gains of its frame's chosen atoms, zero where nothing
    /// fits better.
    /// </summary>
    public SparseCode Encode(EncodedPiece piece)
    {
        if (piece.Channels != _channels)
            throw new ArgumentException($"the model codes {_channels} channels, the piece has {piece.Channels}");
        int columns = (piece.Length + _frameLength - 1) / _frameLength, steps = columns * _frameLength;
        var code = SparseCode.Zeros(_atoms, columns);
        if (_coder is null) return code;
        var padded = SignalRows.PadToLength(piece.Signal, _channels, piece.Length, steps);
        var frames = BarSegments.Cut(padded, 1, _channels, steps, _frameLength);
        foreach (var (column, atom, gain) in Choose(frames, columns))
        {
            ref float value = ref code.Values[_modelAtomOf[atom] * columns + column];
            value = Math.Max(value, gain);
        }
        return code;
    }

    // frames [count, C, K] -> the chosen (column, coder atom, gain) entries, atoms in the coder's numbering
    private IEnumerable<(int Column, int Atom, float Gain)> Choose(float[] frames, int count)
    {
        if (_coder is UnionGainCoder union)
        {
            var codes = union.Choose(frames, count);
            for (int l = 0; l < count; l++)
            {
                if (codes[l].First >= 0) yield return (l, codes[l].First, codes[l].FirstGain);
                if (codes[l].Second >= 0) yield return (l, codes[l].Second, codes[l].SecondGain);
            }
            yield break;
        }
        var (atoms, gains) = ((GainSearchCoder)_coder!).Choose(frames, count);
        for (int l = 0; l < count; l++)
            if (atoms[l] >= 0) yield return (l, atoms[l], gains[l]);
    }

    public void Dispose() => _coder?.Dispose();
}
