using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Training;

/// <summary>
/// One optimization step on one batch: forward and loss (fused where the backend fuses them), backward (which writes
/// every gradient, so none is zeroed first), optional clipping, Adam, optional unit-norm atoms or an encoder tied to
/// them. The unit the trainer repeats and the benchmark times.
/// </summary>
public sealed class TrainingStep(Autoencoder model, AdamOptimizer optimizer, double? clipNorm = null,
    bool unitNormAtoms = false, bool tieEncoder = false)
{
    // batch [B, C, T] -> loss before the update
    public float Run(Tensor batch, IReadOnlyList<int>? validLengths = null)
    {
        float loss = model.ForwardWithLoss(batch, validLengths);
        if (!float.IsFinite(loss)) return loss;
        Update();
        return loss;
    }

    /// <summary>
    /// <see cref="Run"/> with the loss before the update left on the device, in lossSlot[0], so the host never waits
    /// (clipping included: the norm stays on the device). A non-finite loss is not caught here: the update runs, and
    /// the caller stops when it reads the loss. With <paramref name="target"/> (denoising training) the batch is a
    /// noisy input and the loss compares the reconstruction with the clean target of the same shape.
    /// </summary>
    public void RunWithDeviceLoss(Tensor batch, IReadOnlyList<int>? validLengths, DeviceBuffer lossSlot,
        Tensor? target = null)
    {
        model.ForwardWithDeviceLoss(batch, validLengths, lossSlot, target);
        Update();
    }

    // backward, clipping, Adam and the atom constraint
    private void Update()
    {
        model.Backward();
        if (clipNorm is double maxNorm) optimizer.ClipGradients(maxNorm);
        optimizer.Apply();
        if (tieEncoder) model.TieEncoderToAtoms();
        else if (unitNormAtoms) model.NormalizeAtoms();
    }

    /// <summary>
    /// Floating-point operations of one step: for each conv, 2 x multiply-adds for the forward and each gradient
    /// computed.
    /// </summary>
    public static double FlopsPerStep(AutoencoderConfig config, int batch, int length)
    {
        int frames = (length + config.FrameLength - 1) / config.FrameLength, padded = frames * config.FrameLength;
        double codec = (double)batch * frames * config.Atoms * config.EncoderChannels
            * config.FrameLength;   // encoder MACs
        double decoder = (double)batch * frames * config.Atoms * config.InputChannels * config.FrameLength;
        bool hasTcn = config.TcnWidths.Length > 0;
        double macs = codec * (hasTcn ? 3 : 2) + decoder * 3;   // encoder: forward + weight
                                                                // (+ input when a TCN precedes it)
        int channels = config.InputChannels;
        for (int i = 0; i < config.TcnWidths.Length; i++)
        {
            int width = config.TcnWidths[i];
            double conv1 = (double)batch * padded * width * channels * config.TcnKernel;
            double conv2 = (double)batch * padded * width * width * config.TcnKernel;
            double residual = channels != width ? (double)batch * padded * width * channels : 0;
            int passes = i > 0 ? 3 : 2;   // the first block needs no input gradient
            macs += (conv1 + residual) * passes + conv2 * 3;
            channels = width;
        }
        return 2 * macs;
    }
}
