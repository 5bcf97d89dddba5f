using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine;

/// <summary>What a model runs over a batch: the forward pass alone (inference), or a whole training step.</summary>
public enum ModelPass
{
    /// <summary>Input to code to reconstruction, as the applications encode and reconstruct.</summary>
    Forward,
    /// <summary>The forward pass, the loss's gradient, the backward pass and Adam's update.</summary>
    TrainingStep,
    /// <summary>A forward pass while training (the validation loss), beside the optimizer's two moments.</summary>
    Validation,
}

/// <summary>
/// A lower bound on the memory of a pass of a model, checked before anything is allocated: a length or batch that
/// cannot fit is a one-line error at once, not after minutes of building data and a model. The bound counts only
/// buffers every pass must hold, so it never refuses a run that would fit; what it leaves out (backward
/// activations, backend scratch) is caught when a buffer is refused (<see cref="MemoryShortfall"/>).
/// </summary>
public static class ModelMemory
{
    /// <summary>
    /// Bytes a model of <paramref name="config"/> holds at least for <paramref name="pass"/> over
    /// <paramref name="batch"/> items of <paramref name="length"/> steps (padded to whole frames, Tp = L K):
    /// <list type="bullet">
    /// <item>the input [B, C, T] and its reconstruction [B, C, Tp], and in a training step the reconstruction's
    /// gradient [B, C, Tp];</item>
    /// <item>each TCN block's six outputs [B, W, Tp] (two convolutions, two ReLUs, the sum and its ReLU) and the
    /// residual's where the width changes;</item>
    /// <item>the encoder's output, the code and its winner mask [B, N, L];</item>
    /// <item>the parameters and their gradients, and in training (a step or a validation pass) Adam's two
    /// moments.</item>
    /// </list>
    /// </summary>
    public static (double Activations, double Parameters) BytesAtLeast(AutoencoderConfig config, int batch,
        int length, ModelPass pass)
    {
        bool training = pass == ModelPass.TrainingStep;
        bool optimizing = pass != ModelPass.Forward;
        double frames = Math.Ceiling(Math.Max(length, 1) / (double)config.FrameLength);
        double padded = frames * config.FrameLength;
        double perItem = config.InputChannels * (length + (training ? 2 : 1) * padded) + 3.0 * config.Atoms * frames;
        int channels = config.InputChannels;
        foreach (int width in config.TcnWidths)
        {
            perItem += (channels != width ? 7.0 : 6.0) * width * padded;
            channels = width;
        }
        return (sizeof(float) * batch * perItem,
            sizeof(float) * (optimizing ? 4.0 : 2.0) * ModelLimits.ParameterCount(config));
    }

    /// <summary>
    /// Throws <see cref="MemoryShortfall.Ahead"/>'s error when <see cref="BytesAtLeast"/> passes what
    /// <paramref name="backend"/> can hold (<see cref="IComputeBackend.MemoryBytes"/>).
    /// </summary>
    public static void Check(AutoencoderConfig config, int batch, int length, ModelPass pass,
        IComputeBackend backend)
        => Check(config, batch, length, pass, backend.MemoryBytes, backend.Name);

    /// <summary>
    /// As above, against <paramref name="capacity"/> bytes of what <paramref name="holder"/> names.
    /// </summary>
    public static void Check(AutoencoderConfig config, int batch, int length, ModelPass pass, long capacity,
        string holder)
    {
        var (activations, parameters) = BytesAtLeast(config, batch, length, pass);
        double needed = activations + parameters;
        if (needed <= capacity) return;
        string items = batch == 1 ? "1 item" : $"{batch} items";
        string work = pass switch
        {
            ModelPass.TrainingStep => "a training step",
            ModelPass.Validation => "a validation pass",
            _ => "a forward pass",
        };
        string copies = pass == ModelPass.Forward ? "parameters with their gradients"
            : "parameters with their gradients and Adam's moments";
        throw MemoryShortfall.Ahead($"{work} of {items} of {length} steps", (long)needed,
            $"activations {MemoryShortfall.Bytes((long)activations)}, {copies} "
            + MemoryShortfall.Bytes((long)parameters), holder, capacity);
    }
}
