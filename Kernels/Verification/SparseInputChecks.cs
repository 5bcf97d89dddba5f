namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// The forward and weight gradient of convolutions under the hint that x is mostly zeros
/// (<see cref="ConvGeometry.InputIsSparse"/>), which sends a GPU's over x's non-zeros: <see cref="ConvChecks"/>' sparse
/// inputs (one-hot events into a causal kernel of 3 and a 1x1 residual, a strided and dilated window padded on both
/// sides), and inputs the hint is wrong about, which must still give the exact result: a dense x whose steps overflow
/// a GPU group's list (the forward then reads x), a kernel whose taps span more than 32 steps (the dense GEMM), and a
/// long dense signal whose weight gradient splits into ranges and empties each range's list as it fills.
/// </summary>
public static class SparseInputChecks
{
    private static readonly ConvGeometry DenseUnderTheHint =
        new(Batch: 2, InChannels: 40, OutChannels: 6, InLength: 50, KernelSize: 3, PadLeft: 2);

    private static readonly ConvGeometry WideTaps =
        new(Batch: 1, InChannels: 20, OutChannels: 5, InLength: 80, KernelSize: 5, Dilation: 9, PadLeft: 36);

    private static readonly ConvGeometry LongDenseSignal =
        new(Batch: 1, InChannels: 1, OutChannels: 2, InLength: 50_000, KernelSize: 1);

    /// <summary>Every forward and weight gradient under the hint.</summary>
    public static IEnumerable<ParityCheck> All()
    {
        foreach (var (plain, oneHot) in ConvChecks.SparseInputs.Append((WideTaps, false)))
        {
            var g = Hint(plain);
            yield return ConvChecks.Forward(g, withBias: true, ConvChecks.SparseInput(oneHot));
            yield return ConvChecks.BackwardWeight(g, accumulate: false, input: ConvChecks.SparseInput(oneHot));
            yield return ConvChecks.BackwardWeight(g, accumulate: true, input: ConvChecks.SparseInput(oneHot));
        }
        yield return ConvChecks.Forward(Hint(DenseUnderTheHint), withBias: false);
        yield return ConvChecks.BackwardWeight(Hint(DenseUnderTheHint), accumulate: false);
        yield return ConvChecks.BackwardWeight(Hint(LongDenseSignal), accumulate: true);
    }

    // told that x holds no non-zeros: sparse, whatever its values
    private static ConvGeometry Hint(ConvGeometry g) => g with { InputNonZeros = 0 };
}
