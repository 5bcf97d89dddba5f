using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine;

/// <summary>
/// A lower bound on the memory of a training step, checked before anything is allocated: a length or batch that
/// cannot fit is a one-line error at once, not after minutes of building data and a model. The bound counts only
/// buffers every step must hold, so it never refuses a run that would fit; what it leaves out (backward
/// activations, backend scratch) is caught when a buffer is refused (<see cref="MemoryShortfall"/>).
/// </summary>
public static class TrainingMemory
{
    /// <summary>Values per parameter: its value, its gradient and Adam's two moments.</summary>
    public const int ValuesPerParameter = 4;

    /// <summary>
    /// Bytes a model of <paramref name="config"/> holds at least for a step over <paramref name="batch"/> items of
    /// <paramref name="length"/> steps (padded to whole frames, Tp = L K):
    /// <list type="bullet">
    /// <item>the input [B, C, T], its reconstruction and the reconstruction's gradient [B, C, Tp];</item>
    /// <item>each TCN block's six outputs [B, W, Tp] (two convolutions, two ReLUs, the sum and its ReLU) and the
    /// residual's where the width changes;</item>
    /// <item>the encoder's output, the code and its winner mask [B, N, L].</item>
    /// </list>
    /// </summary>
    public static (double Activations, double Parameters) BytesAtLeast(AutoencoderConfig config, int batch,
        int length)
    {
        double frames = Math.Ceiling(Math.Max(length, 1) / (double)config.FrameLength);
        double padded = frames * config.FrameLength;
        double perItem = config.InputChannels * (length + 2 * padded) + 3.0 * config.Atoms * frames;
        int channels = config.InputChannels;
        foreach (int width in config.TcnWidths)
        {
            perItem += (channels != width ? 7.0 : 6.0) * width * padded;
            channels = width;
        }
        return (sizeof(float) * batch * perItem,
            sizeof(float) * (double)ValuesPerParameter * ModelLimits.ParameterCount(config));
    }

    /// <summary>
    /// Throws <see cref="MemoryShortfall.Ahead"/>'s error when <see cref="BytesAtLeast"/> passes what
    /// <paramref name="backend"/> can hold (<see cref="IComputeBackend.MemoryBytes"/>).
    /// </summary>
    public static void Check(AutoencoderConfig config, int batch, int length, IComputeBackend backend)
        => Check(config, batch, length, backend.MemoryBytes, backend.Name);

    /// <summary>
    /// As above, against <paramref name="capacity"/> bytes of what <paramref name="holder"/> names.
    /// </summary>
    public static void Check(AutoencoderConfig config, int batch, int length, long capacity, string holder)
    {
        var (activations, parameters) = BytesAtLeast(config, batch, length);
        double needed = activations + parameters;
        if (needed <= capacity) return;
        string items = batch == 1 ? "1 item" : $"{batch} items";
        throw MemoryShortfall.Ahead($"a training step of {items} of {length} steps", (long)needed,
            $"activations {MemoryShortfall.Bytes((long)activations)}, parameters with their gradients and Adam's "
            + $"moments {MemoryShortfall.Bytes((long)parameters)}", holder, capacity);
    }
}
