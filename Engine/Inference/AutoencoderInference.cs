namespace TcnWtaNative.Engine.Inference;

/// <summary>
/// One piece at a time through a trained model, on the host: signal [C, T] -> sparse code [N, L] -> signal
/// [C, L*K]. What the applications (encode, reconstruct, simplify, swap, interpolate) and embedding programs use;
/// the sparsity is the model's current setting (set <see cref="Autoencoder.TopK"/> to encode with another k). Decoded
/// signals are in the representation's space (<see cref="OutputActivation"/>: hit probabilities under the hits loss).
/// Each call holds the model for its thread from the upload to the read-back, so a second thread's call meanwhile is an
/// <see cref="InvalidOperationException"/>, not a code of the other's piece.
/// </summary>
public static class AutoencoderInference
{
    /// <summary>signal [C, length] row-major -> its sparse code [N, ceil(length / K)].</summary>
    public static SparseCode Encode(this Autoencoder model, ReadOnlySpan<float> signal, int length)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var use = model.Use();
        using var input = Upload(model, signal, length);
        model.Forward(input);
        var code = model.Code;
        return new SparseCode(code.Channels, code.Length, code.ToHost(model.Backend));
    }

    /// <summary>
    /// code [N, L] -> the atoms it selects, overlap-added and through the output activation: signal [C, L*K].
    /// </summary>
    public static float[] Decode(this Autoencoder model, SparseCode code)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(code);
        if (code.Atoms != model.Config.Atoms)
            throw new ArgumentException(
                $"a code over {code.Atoms} atoms does not fit a model of {model.Config.Atoms} atoms");
        if (code.Columns == 0) throw new ArgumentException("a code of 0 columns has nothing to decode");
        using var use = model.Use();
        using var tensor = Tensor.FromHost(model.Backend, code.Values, 1, code.Atoms, code.Columns);
        var decoded = model.Decode(tensor);
        var signal = decoded.ToHost(model.Backend);
        OutputActivation.Apply(model.Config, signal, decoded.Length);
        return signal;
    }

    /// <summary>
    /// signal [C, length] -> its reconstruction cut back to [C, length] (through the output activation), and the
    /// training loss against the signal.
    /// </summary>
    public static (float[] Reconstruction, float Loss) Reconstruct(this Autoencoder model, ReadOnlySpan<float> signal,
        int length)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var use = model.Use();
        using var input = Upload(model, signal, length);
        var output = model.Forward(input);
        float loss = model.ComputeLoss();
        var reconstruction = output.ToHost(model.Backend);
        OutputActivation.Apply(model.Config, reconstruction, output.Length);
        return (SignalRows.TrimToLength(reconstruction, model.Config.InputChannels, output.Length, length), loss);
    }

    // signal [C, length] -> a batch of one [1, C, length] on the model's backend; a NaN or infinite value is refused
    // (it would spread through the whole code and reconstruction)
    private static Tensor Upload(Autoencoder model, ReadOnlySpan<float> signal, int length)
    {
        int channels = model.Config.InputChannels;
        if (length < 1 || signal.Length != (long)channels * length)
            throw new ArgumentException(
                $"the model takes signals of {channels} channels; got {signal.Length} values for {length} steps");
        for (int i = 0; i < signal.Length; i++)
            if (!float.IsFinite(signal[i]))
                throw new ArgumentException(
                    $"the signal holds {signal[i]} at channel {i / length}, step {i % length}; every value must be "
                    + "finite");
        ModelLimits.CheckBatch(model.Config, 1, length);
        ModelMemory.Check(model.Config, 1, length, ModelPass.Forward, model.Backend);
        return Tensor.FromHost(model.Backend, signal, 1, channels, length);
    }
}
