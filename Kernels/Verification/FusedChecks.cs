namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// The fused ops over every path a backend may take: the encoder with channel top-k on a single frame (the groove
/// encoder: top-k along the GEMM's rows), many frames (the windowed forward: along its columns), a few frames (im2row)
/// and an overlapping strided conv, with k = 1, k &gt; 16 and exact ties; the decoder with its loss on a single frame,
/// a few frames (im2row and scatter), a long stride-1 signal and an overlapping strided one, MSE, L1 and the hits loss
/// (on drum-like targets, H = 9 of 27 channels on the single frame), with and without a time mask; and the decoder with
/// its loss left on the device, every step masked included; the forward at a winner mask (the decoder's input gradient
/// behind it), sparse and dense, on a single frame, a few frames and an overlapping strided conv; and the decoder with
/// its loss on a code of long frames. Those under the sparse-code hint are <see cref="SparseCodeChecks"/>.
/// </summary>
public static class FusedChecks
{
    /// <summary>Every fused-op case.</summary>
    public static IEnumerable<ParityCheck> All()
    {
        yield return ForwardTopK(
            new ConvGeometry(Batch: 37, InChannels: 3, OutChannels: 21, InLength: 16, KernelSize: 16, Stride: 16),
            k: 4);
        yield return ForwardTopK(
            new ConvGeometry(Batch: 2, InChannels: 5, OutChannels: 40, InLength: 280, KernelSize: 4, Stride: 4), k: 17);
        yield return ForwardTopK(
            new ConvGeometry(Batch: 3, InChannels: 4, OutChannels: 9, InLength: 12, KernelSize: 4, Stride: 4), k: 1);
        yield return ForwardTopK(
            new ConvGeometry(Batch: 2, InChannels: 3, OutChannels: 7, InLength: 11, KernelSize: 4, Stride: 2,
            PadLeft: 1, PadRight: 2), k: 3);
        yield return ForwardTopK(
            new ConvGeometry(Batch: 2, InChannels: 3, OutChannels: 12, InLength: 264, KernelSize: 4, Stride: 4), k: 5,
            levels: 3);
        yield return ForwardTopK(
            new ConvGeometry(Batch: 9, InChannels: 2, OutChannels: 30, InLength: 8, KernelSize: 8, Stride: 8), k: 20,
            levels: 3);
        ConvGeometry[] decoders =
        [
            new(Batch: 37, InChannels: 5, OutChannels: 21, InLength: 16, KernelSize: 16, Stride: 16),
            new(Batch: 3, InChannels: 4, OutChannels: 9, InLength: 24, KernelSize: 4, Stride: 4),
            new(Batch: 1, InChannels: 3, OutChannels: 5, InLength: 100, KernelSize: 3, PadLeft: 2),
            new(Batch: 2, InChannels: 3, OutChannels: 7, InLength: 11, KernelSize: 4, Stride: 2, PadLeft: 1,
                PadRight: 2),
        ];
        foreach (var g in decoders)
        foreach (var loss in new[] { LossSpec.Mse, LossSpec.L1 })
        {
            yield return BackwardInputWithLoss(g, loss, maskOn: null);
            yield return BackwardInputWithLoss(g, loss, maskOn: 0.7);
        }
        foreach (var (g, hitChannels) in decoders.Zip([9, 2, 1, 1],
            (g, h) => (g with { InChannels = g.InChannels == 5 ? 27 : g.InChannels }, h)))
        {
            yield return BackwardInputWithLoss(g, LossSpec.Hits(hitChannels), maskOn: null);
            yield return BackwardInputWithLoss(g, LossSpec.Hits(hitChannels), maskOn: 0.7);
        }
        ConvGeometry[] maskedForwards =
        [
            new(Batch: 37, InChannels: 5, OutChannels: 40, InLength: 16, KernelSize: 16, Stride: 16),
            new(Batch: 3, InChannels: 6, OutChannels: 50, InLength: 64, KernelSize: 2, Stride: 2),
            new(Batch: 2, InChannels: 3, OutChannels: 7, InLength: 11, KernelSize: 4, Stride: 2, PadLeft: 1,
                PadRight: 2),
        ];
        foreach (var g in maskedForwards)
        foreach (double on in new[] { 0.04, 0.5 })
            yield return ForwardMasked(g, on);
        // many long frames at maestro's one value in ten: the SIMD backend's blocked product over the mask's values
        yield return ForwardMasked(new ConvGeometry(Batch: 2, InChannels: 20, OutChannels: 60, InLength: 40 * 32,
            KernelSize: 32, Stride: 32), 0.1);
        foreach (var g in decoders) yield return BackwardInputWithLoss(g, LossSpec.Mse, maskOn: 0.7, onDevice: true);
        yield return BackwardInputWithLoss(decoders[0] with { InChannels = 27 }, LossSpec.Hits(9), maskOn: 0.7,
            onDevice: true);
        yield return BackwardInputWithLoss(decoders[1], LossSpec.L1, maskOn: 0.0, onDevice: true);
        var longFrames = new ConvGeometry(Batch: 2, InChannels: 6, OutChannels: 40, InLength: 96, KernelSize: 16,
            Stride: 16);
        yield return BackwardInputWithLoss(longFrames, LossSpec.Mse, maskOn: 0.7, codeOn: 0.08);
        yield return BackwardInputWithLoss(longFrames, LossSpec.Hits(2), maskOn: null, codeOn: 0.08);
    }

    private static string Describe(in ConvGeometry g) =>
        $"B={g.Batch} Cin={g.InChannels} Cout={g.OutChannels} T={g.InLength} K={g.KernelSize} s={g.Stride} "
        + $"pad={g.PadLeft}/{g.PadRight}" + (g.OutputIsSparseCode ? " sparse-code hint" : "");

    // levels > 0: x and w drawn from that many levels in [-1, 1], so z holds small integers, exact in any summation
    // order, and many ties
    private static ParityCheck ForwardTopK(ConvGeometry g, int k, int levels = 0) => new(
        "conv1d forward + top-k", Describe(g) + $" k={k}" + (levels > 0 ? $" ties ({levels} levels)" : ""), h =>
        {
            var x = levels > 0 ? h.Levels(g.InputSize, levels) : h.Uniform(g.InputSize);
            var w = levels > 0 ? h.Levels(g.WeightSize, levels) : h.Uniform(g.WeightSize);
            var z = h.Constant(g.OutputSize, float.NaN);
            var code = h.Constant(g.OutputSize, float.NaN);
            var mask = h.Constant(g.OutputSize, float.NaN);
            h.Run(backend => backend.Conv1dForwardTopKChannels(g, x[backend], w[backend], k, z[backend], code[backend],
                mask[backend]));
            h.Compare("z", z, h.Gemm);
            h.Compare("mask", mask, Tolerance.Exact);
            h.Compare("code", code, h.Gemm);
        });

    // the decoder's input gradient behind a winner mask that keeps each value with probability p(on)
    internal static ParityCheck ForwardMasked(ConvGeometry g, double on) => new(
        "conv1d forward at a mask", Describe(g) + $" mask p(on)={on}", h =>
        {
            var x = h.Uniform(g.InputSize);
            var w = h.Uniform(g.WeightSize);
            var mask = h.Mask(g.OutputSize, on);
            var y = h.Constant(g.OutputSize, float.NaN);
            h.Run(backend => backend.Conv1dForwardMasked(g, x[backend], w[backend], mask[backend], y[backend]));
            h.Compare("y", y, h.Gemm);
        });

    // onDevice: the loss written into a one-element buffer (Conv1dBackwardInputWithDeviceLoss) instead of returned;
    // codeOn: dy a 0/1 code that keeps each value with that probability (the SIMD backend's long frames), else uniform
    internal static ParityCheck BackwardInputWithLoss(ConvGeometry g, LossSpec loss, double? maskOn,
        bool onDevice = false, double? codeOn = null) => new(
        $"conv1d backward input + {(loss.Kind == LossKind.Hits ? "hit" : loss.ToString())} "
        + $"loss{(onDevice ? " on the device" : "")}",
        Describe(g) + (loss.Kind == LossKind.Hits ? $" H={loss.HitChannels}" : "")
            + (maskOn is { } p ? $" mask p(on)={p}" : " no mask") + (codeOn is { } c ? $" code p(on)={c}" : ""), h =>
        {
            var dy = codeOn is { } lit ? h.Mask(g.OutputSize, lit) : h.Uniform(g.OutputSize);
            var w = h.Uniform(g.WeightSize);
            var target = loss.Kind == LossKind.Hits ? h.HitGrid(g.Batch, g.InChannels, g.InLength, loss.HitChannels)
                : h.Levels(g.InputSize, 5);
            var timeMask = maskOn is { } on ? h.Mask(g.Batch * g.InLength, on) : null;
            var prediction = h.Constant(g.InputSize, float.NaN);
            var gradient = h.Constant(g.InputSize, float.NaN);
            if (onDevice)
            {
                var lossSlot = h.Constant(1, float.NaN);
                h.Run(backend => backend.Conv1dBackwardInputWithDeviceLoss(g, dy[backend], w[backend], loss,
                    target[backend], timeMask?[backend], prediction[backend], gradient[backend], lossSlot[backend]));
                h.Compare("loss", lossSlot, h.Gemm);
            }
            else
                h.RunScalar("loss",
                    backend => backend.Conv1dBackwardInputWithLoss(g, dy[backend], w[backend], loss, target[backend],
                    timeMask?[backend], prediction[backend], gradient[backend]), h.Gemm);
            h.Compare("prediction", prediction, h.Gemm);
            h.Compare("gradient", gradient, h.Gemm);
        });
}
