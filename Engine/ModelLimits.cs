using System.Globalization;

namespace TcnWtaNative.Engine;

/// <summary>
/// The largest model and the largest activation the engine builds, checked before anything is allocated so that a
/// size from a flag or a checkpoint is a one-line error, never an overflow or an out-of-memory abort. Every count is
/// taken in double precision, which cannot overflow for any int sizes.
/// </summary>
public static class ModelLimits
{
    /// <summary>Most parameters of one model: its contiguous value buffer is indexed by an int.</summary>
    public const int MaxParameters = int.MaxValue;

    /// <summary>
    /// Most values of one activation tensor [B, C, T] (and of the code [B, N, T / K]): int-indexed buffers.
    /// </summary>
    public const int MaxActivationValues = int.MaxValue;

    /// <summary>Most TCN blocks: block i dilates by 2^i.</summary>
    public const int MaxTcnBlocks = 16;

    /// <summary>
    /// Most steps the TCN's receptive field, 2 (kernel - 1) (2^blocks - 1) + 1 (two convolutions a block), may span.
    /// </summary>
    public const int MaxReceptiveField = 1 << 20;

    /// <summary>How the int limit reads in an error.</summary>
    public const string IntLimitText = "2^31 - 1";

    /// <summary>
    /// The parameters a model of <paramref name="config"/> declares: TCN blocks, encoder and decoder.
    /// </summary>
    public static double ParameterCount(AutoencoderConfig config)
    {
        double count = 0, channels = config.InputChannels, kernel = config.TcnKernel;
        foreach (double width in config.TcnWidths)
        {
            count += width * channels * kernel + width + width * width * kernel + width;   // conv1 and conv2
                                                                                           // with biases
            if (channels != width) count += width * channels + width;                       // the 1x1 residual
            channels = width;
        }
        double atomValues = (double)config.Atoms * config.FrameLength;
        return count + atomValues * channels + atomValues * config.InputChannels;   // encoder [N, C', K],
                                                                                    // decoder [N, C, K]
    }

    /// <summary>Throws an <see cref="ArgumentException"/> for a config whose model would exceed a limit.</summary>
    public static void CheckModel(AutoencoderConfig config)
    {
        if (config.TcnWidths.Length > MaxTcnBlocks)
            throw new ArgumentException(
                $"the TCN would have {config.TcnWidths.Length} blocks; the limit is {MaxTcnBlocks}");
        double field = config.TcnContextSteps + 1.0;
        if (field > MaxReceptiveField)
            throw new ArgumentException(
                $"the TCN's receptive field would span {Count(field)} steps; the limit is {MaxReceptiveField} "
                + "(a smaller tcn_kernel or fewer blocks)");
        double parameters = ParameterCount(config);
        if (parameters > MaxParameters)
            throw new ArgumentException(
                $"the model would have {Count(parameters)} parameters; the limit is {IntLimitText} "
                + "(fewer atoms, a shorter frame_length or narrower tcn_widths)");
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> when a batch of <paramref name="batch"/> items of up to
    /// <paramref name="length"/> steps needs an activation over <see cref="MaxActivationValues"/> in a model of
    /// <paramref name="config"/>, or a TCN convolution's input unrolled into its windows (steps × channels ×
    /// tcn_kernel, what a backend's im2row holds) over as many.
    /// </summary>
    public static void CheckBatch(AutoencoderConfig config, int batch, int length)
    {
        double frames = Math.Ceiling(Math.Max(length, 1) / (double)config.FrameLength);
        double channels = Math.Max(config.InputChannels, config.TcnWidths.DefaultIfEmpty(0).Max());
        double widest = batch * Math.Max(channels * frames * config.FrameLength, (double)config.Atoms * frames);
        if (widest > MaxActivationValues)
            throw new ArgumentException(
                $"a batch of {batch} items of {length} steps would need an activation of {Count(widest)} values "
                + $"(padded to {frames * config.FrameLength} steps); the limit is {IntLimitText} (a smaller "
                + "batch_size, frame_length or model)");
        double unrolled = batch * frames * config.FrameLength * channels * config.TcnKernel;
        if (config.TcnWidths.Length > 0 && unrolled > MaxActivationValues)
            throw new ArgumentException(
                $"a batch of {batch} items of {length} steps would unroll a TCN convolution into {Count(unrolled)} "
                + $"values (steps × channels × tcn_kernel {config.TcnKernel}); the limit is {IntLimitText} (a smaller "
                + "batch_size or tcn_kernel)");
    }

    /// <summary>
    /// B C T itself when it is at most <see cref="MaxActivationValues"/>, else a clear error naming the shape.
    /// </summary>
    public static int ActivationValues(int batch, int channels, int length)
    {
        double values = (double)batch * channels * length;
        return values <= MaxActivationValues
            ? (int)values
            : throw new ArgumentException(
                $"an activation [{batch}, {channels}, {length}] would hold {Count(values)} values; "
                + $"the limit is {IntLimitText}");
    }

    /// <summary>"4.3e10" for large counts, the whole number below a million.</summary>
    public static string Count(double value) => value < 1e6
        ? value.ToString("0", CultureInfo.InvariantCulture)
        : value.ToString("0.#e0", CultureInfo.InvariantCulture);
}
