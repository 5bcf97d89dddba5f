namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// The products of non-overlapping frames under the hint that the code side is mostly zeros
/// (<see cref="ConvGeometry.OutputIsSparseCode"/>), which sends a GPU's decode, weight gradient and forward behind the
/// winner mask over the code's non-zeros: each on codes of uniform values kept at a given share, overwriting and
/// accumulating, and the decoder with its loss (returned, and left on the device). No GEMM runs here, so the split-K
/// and TF32 fixtures leave these out.
/// </summary>
public static class SparseCodeChecks
{
    // each with the share of the code kept: a single frame per item (groove), frames of 1,280 values (past one pass of
    // a GPU group's four columns a thread), kernels of 1 and 48 taps, and a dense code under the hint (still exact)
    private static readonly (ConvGeometry Geometry, double On)[] Hinted =
    [
        (new(Batch: 37, InChannels: 5, OutChannels: 21, InLength: 16, KernelSize: 16, Stride: 16), 0.2),
        (new(Batch: 1, InChannels: 40, OutChannels: 60, InLength: 96, KernelSize: 32, Stride: 32), 0.1),
        (new(Batch: 2, InChannels: 3, OutChannels: 7, InLength: 24, KernelSize: 1), 0.3),
        (new(Batch: 2, InChannels: 3, OutChannels: 10, InLength: 96, KernelSize: 48, Stride: 48), 0.3),
        (new(Batch: 2, InChannels: 3, OutChannels: 9, InLength: 36, KernelSize: 3, Stride: 3), 1.0),
    ];

    // 990 of 1,100 values kept in each of 3 frames: a GPU group's list of a frame's non-zeros fills and is emptied
    // (the decode and the masked forward; a weight gradient here, a group per atom, would be slow on the CPU
    // accelerator and add nothing)
    private static readonly (ConvGeometry Geometry, double On) ManyKeptPerFrame =
        (new(Batch: 1, InChannels: 2, OutChannels: 1100, InLength: 12, KernelSize: 4, Stride: 4), 0.9);

    // each atom kept in about 900 of 1,000 frames: an atom's list fills and is emptied (the weight gradient)
    private static readonly (ConvGeometry Geometry, double On) ManyFramesPerAtom =
        (new(Batch: 2, InChannels: 2, OutChannels: 3, InLength: 1000, KernelSize: 2, Stride: 2), 0.9);

    /// <summary>Every product under the hint.</summary>
    public static IEnumerable<ParityCheck> All()
    {
        foreach (var (g, on) in Hinted.Select(Hint))
        foreach (bool accumulate in new[] { false, true })
        {
            yield return ConvChecks.BackwardInput(g, accumulate, codeOn: on, codeValues: true);
            yield return ConvChecks.BackwardWeight(g, accumulate, codeOn: on, codeValues: true);
        }
        var (manyKept, keptOn) = Hint(ManyKeptPerFrame);
        var (manyFrames, framesOn) = Hint(ManyFramesPerAtom);
        foreach (bool accumulate in new[] { false, true })
        {
            yield return ConvChecks.BackwardInput(manyKept, accumulate, codeOn: keptOn, codeValues: true);
            yield return ConvChecks.BackwardWeight(manyFrames, accumulate, codeOn: framesOn, codeValues: true);
        }
        foreach (var (g, on) in Hinted.Append(ManyKeptPerFrame).Select(Hint))
            yield return FusedChecks.ForwardMasked(g, on);
        var decoder = new ConvGeometry(Batch: 2, InChannels: 6, OutChannels: 40, InLength: 96, KernelSize: 16,
            Stride: 16) { OutputIsSparseCode = true };
        yield return FusedChecks.BackwardInputWithLoss(decoder, LossSpec.Mse, maskOn: 0.7, codeOn: 0.08);
        yield return FusedChecks.BackwardInputWithLoss(decoder, LossSpec.Mse, maskOn: 0.7, onDevice: true,
            codeOn: 0.08);
    }

    private static (ConvGeometry Geometry, double On) Hint((ConvGeometry Geometry, double On) plain)
        => (plain.Geometry with { OutputIsSparseCode = true }, plain.On);
}
