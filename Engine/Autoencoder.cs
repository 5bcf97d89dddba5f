using TcnWtaNative.Engine.Layers;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine;

/// <summary>
/// The temporal CONV-WTA autoencoder (DESIGN section 2):
///   x[B, C, T] -> right-pad to Tp = L*K (padding excluded from the loss, never truncated)
///   h = TCN blocks (optional)                     [B, C', Tp]
///   z = encoder Conv1d, kernel = stride = K       [B, N, L]
///   code = WTA(z)                                 [B, N, L]
///   y = decoder ConvTranspose1d, the atoms        [B, C, Tp]
/// All parameters live in one <see cref="ParameterSet"/>. Use: Forward, ComputeLoss, Backward (which writes every
/// gradient, so nothing is zeroed between steps); training runs ForwardWithLoss (the two in fused ops), then Backward.
/// Not thread-safe: layers own their activations, so a call from a second thread while one runs, or any call after
/// <see cref="Dispose"/>, is an exception (<see cref="ModelUse"/>).
/// </summary>
public sealed class Autoencoder : IDisposable
{
    private readonly TcnBlock[] _tcn;
    private readonly Conv1d _encoder;
    private readonly Sparsifier _sparsifier;
    private readonly ConvTranspose1d _decoder;
    private Tensor? _paddedInput, _paddedTarget, _reconstructionGradient;
    private readonly TimeMasks _timeMasks;
    private DeviceBuffer? _timeMask;   // [B, 1, Tp] of the last forward pass, null when every step counts
    private Tensor? _input, _code, _reconstruction;
    private readonly ModelUse _use = new();

    /// <summary>The shape and behaviour the model was built with.</summary>
    public AutoencoderConfig Config { get; }
    /// <summary>The compute backend every tensor of the model lives on.</summary>
    public IComputeBackend Backend { get; }
    /// <summary>Every parameter in one contiguous buffer (and one for gradients).</summary>
    public ParameterSet Parameters { get; } = new();

    /// <summary>The decoder's kernels, the dictionary: [N, C, K].</summary>
    public Parameter Atoms => _decoder.Weight;

    /// <summary>The encoder's weight [N, C', K].</summary>
    public Parameter EncoderWeight => _encoder.Weight;

    /// <summary>
    /// Builds the model of <paramref name="config"/> on <paramref name="backend"/>, parameters drawn from
    /// <paramref name="seed"/>.
    /// </summary>
    public Autoencoder(AutoencoderConfig config, IComputeBackend backend, int seed)
    {
        config.Validate();
        Config = config;
        Backend = backend;
        int channels = config.InputChannels;
        _tcn = new TcnBlock[config.TcnWidths.Length];
        for (int i = 0; i < _tcn.Length; i++)
        {
            _tcn[i] = new TcnBlock(backend, Parameters, $"tcn.{i}", channels, config.TcnWidths[i], config.TcnKernel,
                1 << i);
            channels = config.TcnWidths[i];
        }
        _encoder = new Conv1d(backend, Parameters, "encoder", channels, config.Atoms, config.FrameLength,
            stride: config.FrameLength, bias: false) { OutputIsSparseCode = true };
        _sparsifier = new Sparsifier(backend, config.Sparsity, config.TopK, config.LifetimeRate);
        _decoder = new ConvTranspose1d(backend, Parameters, "decoder", config.Atoms, config.InputChannels,
            config.FrameLength, config.FrameLength);
        Parameters.Allocate(backend, seed);
        _timeMasks = new TimeMasks(backend);
    }

    /// <summary>k of channel top-k, changeable between steps and at encode time.</summary>
    public int TopK
    {
        get => _sparsifier.K;
        set
        {
            if (value < 1 || value > Config.Atoms)
                throw new ArgumentOutOfRangeException(nameof(value), $"k must lie in [1, {Config.Atoms}], got {value}");
            using var use = Use();
            _sparsifier.K = value;
        }
    }

    /// <summary>The sparse code of the last forward pass, [B, N, L].</summary>
    public Tensor Code => _code ?? throw new InvalidOperationException("no forward pass has run yet");

    /// <summary>The 0/1 winner mask of the last forward pass, [B, N, L].</summary>
    public Tensor CodeMask => _sparsifier.Mask;

    /// <summary>Code columns for an input of length T: ceil(T / K).</summary>
    public int CodeLength(int inputLength) => (inputLength + Config.FrameLength - 1) / Config.FrameLength;

    /// <summary>
    /// x[B, C, T] -> reconstruction [B, C, Tp], Tp = ceil(T/K)*K. validLengths (one per batch item, each &lt;= T)
    /// marks the real part of zero-padded pieces; steps past it, and past T, are excluded from the loss.
    /// </summary>
    public Tensor Forward(Tensor input, IReadOnlyList<int>? validLengths = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var use = Use();
        _code = _sparsifier.Forward(_encoder.Forward(Features(input, validLengths)));
        _reconstruction = _decoder.Forward(_code);
        return _reconstruction;
    }

    /// <summary>
    /// <see cref="Forward"/> then <see cref="ComputeLoss"/> against the input itself, in fewer passes over memory: the
    /// training step's forward. The encoder and channel top-k run as one fused op (other sparsifiers run after the
    /// encoder), the decoder and the loss as another. Returns the loss and stores its gradient for
    /// <see cref="Backward"/>; <see cref="Code"/>, <see cref="CodeMask"/> and <see cref="Reconstruction"/> are set as
    /// after <see cref="Forward"/>.
    /// </summary>
    public float ForwardWithLoss(Tensor input, IReadOnlyList<int>? validLengths = null)
    {
        using var use = Use();
        var (target, gradient) = EncodeForLoss(input, validLengths);
        (_reconstruction, float loss) = _decoder.ForwardWithLoss(_code!, Config.LossSpec, target, _timeMask, gradient);
        return loss;
    }

    /// <summary>
    /// <see cref="ForwardWithLoss"/> with the loss left on the device, in lossSlot[0] (one element): the host does not
    /// wait for the device, and reads the losses of several steps at once. The loss compares the reconstruction with
    /// <paramref name="target"/> [B, C, T] when given (denoising: a clean batch for a noisy input of its shape), else
    /// with the input itself.
    /// </summary>
    public void ForwardWithDeviceLoss(Tensor input, IReadOnlyList<int>? validLengths, DeviceBuffer lossSlot,
        Tensor? target = null)
    {
        using var use = Use();
        if (target is not null && (target.Batch, target.Channels, target.Length)
            != (input.Batch, input.Channels, input.Length))
            throw new ArgumentException($"the target {target} and the input {input} must have one shape");
        var (padded, gradient) = EncodeForLoss(input, validLengths);
        if (target is not null)
            padded = Activations.ZeroPadded(Backend, target, padded.Length, ref _paddedTarget);
        _reconstruction = _decoder.ForwardWithDeviceLoss(_code!, Config.LossSpec, padded, _timeMask, gradient,
            lossSlot);
    }

    // the fused forward up to the code (set in _code); the target (the padded input) and the gradient buffer of the
    // loss
    private (Tensor Target, Tensor Gradient) EncodeForLoss(Tensor input, IReadOnlyList<int>? validLengths)
    {
        var h = Features(input, validLengths);
        _code = _sparsifier.Kind == SparsityKind.ChannelTopK ? _sparsifier.ForwardThrough(_encoder, h)
            : _sparsifier.Forward(_encoder.Forward(h));
        var target = _input!;
        return (target,
            Activations.Ensure(Backend, ref _reconstructionGradient, target.Batch, target.Channels, target.Length));
    }

    /// <summary>The reconstruction of the last forward pass, [B, C, Tp].</summary>
    public Tensor Reconstruction
        => _reconstruction ?? throw new InvalidOperationException("no forward pass has run yet");

    // x[B, C, T] -> the encoder's input h[B, C', Tp]: x padded to whole frames (the time mask set to match), through
    // the TCN
    private Tensor Features(Tensor input, IReadOnlyList<int>? validLengths)
    {
        if (input.Channels != Config.InputChannels)
            throw new ArgumentException(
                $"the model expects {Config.InputChannels} input channels, got a tensor {input}");
        int paddedLength = CodeLength(input.Length) * Config.FrameLength;
        _input = Activations.ZeroPadded(Backend, input, paddedLength, ref _paddedInput);
        _timeMask = _timeMasks.For(input.Batch, input.Length, paddedLength, validLengths);
        var h = _input;
        foreach (var block in _tcn) h = block.Forward(h);
        return h;
    }

    /// <summary>
    /// A given code [B, N, L] through the atoms alone: [B, C, L*K]. For codes edited by hand (simplify, swap,
    /// interpolate).
    /// </summary>
    public Tensor Decode(Tensor code)
    {
        ArgumentNullException.ThrowIfNull(code);
        using var use = Use();
        if (code.Channels != Config.Atoms)
            throw new ArgumentException($"the model has {Config.Atoms} atoms, got a code {code}");
        return _decoder.Forward(code);
    }

    /// <summary>
    /// The loss of the last reconstruction against target (default: the input itself) [B, C, T]; stores the
    /// gradient for <see cref="Backward"/>.
    /// </summary>
    public float ComputeLoss(Tensor? target = null)
    {
        using var use = Use();
        var reconstruction = _reconstruction ?? throw new InvalidOperationException("ComputeLoss before Forward");
        var paddedTarget = target is null ? _input!
            : Activations.ZeroPadded(Backend, target, reconstruction.Length, ref _paddedTarget);
        var gradient = Activations.Ensure(Backend, ref _reconstructionGradient, reconstruction.Batch,
            reconstruction.Channels, reconstruction.Length);
        return ReconstructionLoss.Compute(Backend, Config.LossSpec, reconstruction, paddedTarget, _timeMask, gradient);
    }

    /// <summary>
    /// Back-propagates the stored loss gradient into <see cref="ParameterSet.Gradients"/>, written over what they held:
    /// each parameter's gradient comes from one op, so a step needs no zeroing pass over them first (58 MB for
    /// maestro's config, written at memory bandwidth).
    /// </summary>
    public void Backward()
    {
        using var use = Use();
        var gradient = _decoder.Backward(_reconstructionGradient
            ?? throw new InvalidOperationException("Backward before ComputeLoss"), _sparsifier.Mask);
        gradient = _encoder.Backward(gradient, needInputGradient: _tcn.Length > 0)!;
        for (int i = _tcn.Length - 1; i >= 0; i--)
            gradient = _tcn[i].Backward(gradient, needInputGradient: i > 0)!;
    }

    /// <summary>Rescales every atom W_dec[n] to unit L2 norm (the optional dictionary constraint).</summary>
    public void NormalizeAtoms()
    {
        using var use = Use();
        Backend.NormalizeRows(Atoms.Value, Config.Atoms, Config.InputChannels * Config.FrameLength);
    }

    /// <summary>
    /// Ties the encoder to the dictionary: every atom W_dec[n] to unit L2 norm, then W_enc[n] = W_dec[n] (both [N, C,
    /// K]). Channel top-k then keeps the atoms of largest correlation with each frame and codes each by that
    /// correlation, so at k = 1 the encoder is one step of matching pursuit. Needs a model without a TCN, whose encoder
    /// sees the input.
    /// </summary>
    public void TieEncoderToAtoms()
    {
        if (_tcn.Length > 0)
            throw new InvalidOperationException("the encoder can be tied to the atoms only without a TCN front end");
        using var use = Use();
        NormalizeAtoms();
        Backend.Copy(Atoms.Value, EncoderWeight.Value);
    }

    /// <summary>
    /// Enters a call on the model: its thread holds the model until the returned scope is disposed (calls on that
    /// thread may nest). Throws when the model is disposed or another thread holds it.
    /// </summary>
    internal ModelUse.Scope Use() => _use.Enter();

    /// <summary>Frees the parameter and activation buffers; any later call on the model throws.</summary>
    public void Dispose()
    {
        _use.Dispose();
        Parameters.Dispose();
        _timeMasks.Dispose();
    }
}
