using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine.Inference;

/// <summary>
/// Orthogonal matching pursuit over a dictionary of convolutional atoms [N, C, K], the decoder's layout
/// (ConvTranspose1d [in = N, out = C, K]): a signal [B, C, T], right-padded with zeros to L = ceil(T / K) whole frames,
/// is coded as a few atoms per frame with least-squares coefficients, code [B, N, L], where the autoencoder's encoder
/// estimates every coefficient in one pass and keeps the k largest. The pieces are backend ops:
/// <code>
/// correlations c[B,N,L] = Conv1dForward(signal, atoms as the weight, kernel = stride = K)
/// gram g[N,N]           = Gemm(atoms [N, C*K], atoms^T), once, here
/// code[B,N,L]           = MatchingPursuit(c, g), at most nonzerosPerGroup non-zeros per group of groupFrames frames
/// decode [B,C,L*K]      = Conv1dBackwardInput(code, atoms): the transposed conv, as ConvTranspose1d's forward
/// </code>
/// An all-zero atom is never chosen, so zeroing atoms restricts the pursuit to the others. With channel weights w[C]
/// the pursuit minimizes the weighted error sum_c w_c ||x_c - (D z)_c||^2 instead: every inner product of the pursuit
/// becomes &lt;a, b&gt;_w = sum_c w_c a_c . b_c, so the correlations take the atoms scaled by w and the Gram their
/// product with the plain atoms, while decoding still places the plain atoms. Not thread-safe: it reuses its
/// padded-signal and correlation buffers between calls.
/// </summary>
public sealed class PursuitCoder : IDisposable
{
    private readonly IComputeBackend _backend;
    private readonly DeviceBuffer _atoms, _gram;
    // the atoms with each channel scaled by its weight [N, C, K]: the pursuit's side of every inner product
    private readonly DeviceBuffer? _weightedAtoms;
    private Tensor? _padded, _correlations;

    /// <summary>N: atoms in the dictionary.</summary>
    public int Atoms { get; }
    /// <summary>C: channels of an atom and of the signals it codes.</summary>
    public int Channels { get; }
    /// <summary>K: steps of an atom; one code column per K steps.</summary>
    public int FrameLength { get; }

    /// <summary>
    /// A coder over <paramref name="atoms"/> [atomCount, channels, frameLength], row-major, copied to the backend;
    /// <paramref name="channelWeights"/> [channels], each positive and finite, weight each channel's squared error
    /// (all 1 when null).
    /// </summary>
    public PursuitCoder(IComputeBackend backend, ReadOnlySpan<float> atoms, int atomCount, int channels,
        int frameLength, float[]? channelWeights = null)
        : this(backend, atomCount, channels, frameLength, atoms.Length, channelWeights)
    {
        backend.Upload(atoms, _atoms);
        FormGram(atoms);
    }

    private PursuitCoder(IComputeBackend backend, int atomCount, int channels, int frameLength, long given,
        float[]? channelWeights)
    {
        if (atomCount < 1 || channels < 1 || frameLength < 1)
            throw new ArgumentException(
                $"a dictionary needs at least one atom, channel and step, got [{atomCount}, "
                + $"{channels}, {frameLength}]");
        long size = (long)atomCount * channels * frameLength;
        if (given != size)
            throw new ArgumentException(
                $"atoms [{atomCount}, {channels}, {frameLength}] need {size} values, got {given}");
        if (channelWeights is not null) CheckWeights(channelWeights, channels);
        (_backend, Atoms, Channels, FrameLength) = (backend, atomCount, channels, frameLength);
        ChannelWeights = channelWeights is null ? null : [.. channelWeights];
        _atoms = backend.Allocate(checked((int)size));
        _gram = backend.Allocate(checked(atomCount * atomCount));
        if (channelWeights is not null) _weightedAtoms = backend.Allocate(checked((int)size));
    }

    /// <summary>w[C]: the weight of each channel's squared error in the pursuit; null when all are 1.</summary>
    public IReadOnlyList<float>? ChannelWeights { get; }

    private static void CheckWeights(float[] weights, int channels)
    {
        if (weights.Length != channels)
            throw new ArgumentException($"the atoms have {channels} channels, got {weights.Length} channel weights");
        int bad = Array.FindIndex(weights, w => !(w > 0 && float.IsFinite(w)));
        if (bad >= 0)
            throw new ArgumentException(
                $"a channel weight must be positive and finite, got {weights[bad]} for channel {bad}");
    }

    /// <summary>
    /// A coder over the model's decoder atoms [N, C, K] (copied on its backend: later training does not change it).
    /// </summary>
    public static PursuitCoder ForModel(Autoencoder model, float[]? channelWeights = null)
    {
        var config = model.Config;
        var coder = new PursuitCoder(model.Backend, config.Atoms, config.InputChannels, config.FrameLength,
            model.Atoms.Count, channelWeights);
        model.Backend.Copy(model.Atoms.Value, coder._atoms);
        if (channelWeights is null) coder.FormGram([]);
        else
        {
            var atoms = new float[model.Atoms.Count];
            model.Backend.Download(model.Atoms.Value, atoms);
            coder.FormGram(atoms);
        }
        return coder;
    }

    // the atoms the pursuit correlates with: scaled by the channel weights when there are any
    private DeviceBuffer PursuitAtoms => _weightedAtoms ?? _atoms;

    // weighted atoms = atoms (on the host, [N, C, K]) with channel c times w_c, when weighted; then
    // g[N,N] = pursuit atoms [N, C*K] times the plain atoms' transpose: <atom i, atom j>_w
    private void FormGram(ReadOnlySpan<float> atoms)
    {
        if (ChannelWeights is { } weights)
        {
            var weighted = atoms.ToArray();
            for (int i = 0; i < weighted.Length; i++) weighted[i] *= weights[i / FrameLength % Channels];
            _backend.Upload(weighted, _weightedAtoms!);
        }
        int atomSize = Channels * FrameLength;
        _backend.Gemm(false, true, Atoms, Atoms, atomSize, 1f, PursuitAtoms, _atoms, 0f, _gram);
    }

    /// <summary>
    /// signal [B, C, T] -> code [B, N, ceil(T / K)], a new tensor the caller disposes: at most
    /// <paramref name="nonzerosPerGroup"/> non-zeros per group of <paramref name="groupFrames"/> consecutive code
    /// columns (per column with the default 1), as <see cref="IComputeBackend.MatchingPursuit"/> picks them.
    /// </summary>
    public Tensor Encode(Tensor signal, int nonzerosPerGroup, int groupFrames = 1)
    {
        if (signal.Channels != Channels)
            throw new ArgumentException($"the dictionary's atoms have {Channels} channels, got a signal {signal}");
        if (signal.Length < 1) throw new ArgumentException($"a signal needs at least one step, got {signal}");
        int columns = (signal.Length + FrameLength - 1) / FrameLength;
        var input = Activations.ZeroPadded(_backend, signal, columns * FrameLength, ref _padded);
        var correlations = Activations.Ensure(_backend, ref _correlations, signal.Batch, Atoms, columns);
        _backend.Conv1dForward(Geometry(signal.Batch, columns), input.Buffer, PursuitAtoms, null,
            correlations.Buffer);
        var code = Tensor.Zeros(_backend, signal.Batch, Atoms, columns);
        try
        {
            _backend.MatchingPursuit(signal.Batch, Atoms, columns, groupFrames, nonzerosPerGroup, correlations.Buffer,
                _gram, code.Buffer);
            return code;
        }
        catch
        {
            code.Dispose();
            throw;
        }
    }

    /// <summary>
    /// code [B, N, L] -> the atoms it selects, placed frame by frame: signal [B, C, L*K], a new tensor the caller
    /// disposes.
    /// </summary>
    public Tensor Decode(Tensor code)
    {
        if (code.Channels != Atoms) throw new ArgumentException($"the dictionary has {Atoms} atoms, got a code {code}");
        var signal = Tensor.Zeros(_backend, code.Batch, Channels, code.Length * FrameLength);
        _backend.Conv1dBackwardInput(Geometry(code.Batch, code.Length) with { OutputIsSparseCode = true }, code.Buffer,
            _atoms, signal.Buffer, accumulate: false);
        return signal;
    }

    // the Conv1d [B, C, L*K] -> [B, N, L] with the atoms as its weight: kernel = stride = K
    private ConvGeometry Geometry(int batch, int columns)
        => new(batch, Channels, Atoms, columns * FrameLength, FrameLength, Stride: FrameLength);

    /// <summary>Frees the dictionary, its Gram matrix and the reused buffers.</summary>
    public void Dispose()
    {
        _atoms.Dispose();
        _weightedAtoms?.Dispose();
        _gram.Dispose();
        _padded?.Dispose();
        _correlations?.Dispose();
    }
}
