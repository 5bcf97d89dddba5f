namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// Conv1d forward, input gradient (overwrite and accumulate) and weight gradient over the geometries the model
/// uses: non-overlapping frames (the encoder, the 1x1 residual), causal dilated TCN kernels, strided overlapping
/// windows with padding on both sides, stride = kernel with a ragged tail, and channel counts past one tile. The
/// products under the sparse-code hint are <see cref="SparseCodeChecks"/>.
/// </summary>
public static class ConvChecks
{
    private static readonly (ConvGeometry Geometry, bool Bias)[] Geometries =
    [
        (new ConvGeometry(Batch: 2, InChannels: 3, OutChannels: 5, InLength: 12, KernelSize: 4, Stride: 4), false),
        (new ConvGeometry(Batch: 2, InChannels: 4, OutChannels: 6, InLength: 9, KernelSize: 1), true),
        (new ConvGeometry(Batch: 2, InChannels: 3, OutChannels: 4, InLength: 13, KernelSize: 3, Dilation: 2,
            PadLeft: 4), true),
        (new ConvGeometry(Batch: 1, InChannels: 2, OutChannels: 3, InLength: 11, KernelSize: 4, Stride: 2, PadLeft: 1,
            PadRight: 2), true),
        (new ConvGeometry(Batch: 2, InChannels: 2, OutChannels: 3, InLength: 10, KernelSize: 4, Stride: 4), false),
        (new ConvGeometry(Batch: 2, InChannels: 5, OutChannels: 33, InLength: 37, KernelSize: 3, PadLeft: 2), true),
        (new ConvGeometry(Batch: 3, InChannels: 9, OutChannels: 40, InLength: 32, KernelSize: 8, Stride: 8), false),
    ];

    // Weight gradients of small kernels over long signals: a tile or two of output over a deep reduction, the shapes
    // that split K (a TCN kernel, a 1x1 residual, non-overlapping frames).
    private static readonly ConvGeometry[] DeepReductions =
    [
        new(Batch: 2, InChannels: 4, OutChannels: 6, InLength: 300, KernelSize: 3, Dilation: 2, PadLeft: 4),
        new(Batch: 2, InChannels: 20, OutChannels: 10, InLength: 300, KernelSize: 1),
        new(Batch: 4, InChannels: 3, OutChannels: 8, InLength: 512, KernelSize: 4, Stride: 4),
    ];

    // Codes of about one value in twelve on many frames of 16 and 32 values: the SIMD backend's long-frame products,
    // which decode and take the weight gradient in place in the signal
    private static readonly ConvGeometry[] LongFrameCodes =
    [
        new(Batch: 2, InChannels: 5, OutChannels: 40, InLength: 96, KernelSize: 16, Stride: 16),
        new(Batch: 2, InChannels: 3, OutChannels: 60, InLength: 160, KernelSize: 32, Stride: 32),
    ];

    // Inputs of one value in 40 or fewer non-zero: one-hot events into the TCN's first layer (a causal kernel of 3 and
    // the 1x1 residual), and a sparse input under a strided, dilated window padded on both sides; the SIMD backend
    // takes their forwards and weight gradients over x's non-zeros
    internal static readonly (ConvGeometry Geometry, bool OneHot)[] SparseInputs =
    [
        (new ConvGeometry(Batch: 1, InChannels: 40, OutChannels: 16, InLength: 300, KernelSize: 3, PadLeft: 2), true),
        (new ConvGeometry(Batch: 2, InChannels: 40, OutChannels: 20, InLength: 150, KernelSize: 1), true),
        (new ConvGeometry(Batch: 2, InChannels: 24, OutChannels: 9, InLength: 101, KernelSize: 5, Stride: 2,
            Dilation: 2, PadLeft: 3, PadRight: 1), false),
    ];

    /// <summary>
    /// Every convolution case, deep weight gradients, codes of long frames, sparse inputs, and the bias gradient.
    /// </summary>
    public static IEnumerable<ParityCheck> All()
    {
        foreach (var (g, bias) in Geometries.Concat(RandomGeometries(count: 4)))
        {
            yield return Forward(g, bias);
            yield return BackwardInput(g, accumulate: false);
            yield return BackwardInput(g, accumulate: true);
            yield return BackwardWeight(g, accumulate: false);
            yield return BackwardWeight(g, accumulate: true);
        }
        foreach (var g in DeepReductions)
        {
            yield return BackwardWeight(g, accumulate: false);
            yield return BackwardWeight(g, accumulate: true);
        }
        foreach (var g in LongFrameCodes)
        foreach (bool accumulate in new[] { false, true })
        {
            yield return BackwardInput(g, accumulate, codeOn: 0.08);
            yield return BackwardWeight(g, accumulate, codeOn: 0.08);
        }
        foreach (var (g, oneHot) in SparseInputs)
        {
            yield return Forward(g, withBias: true, SparseInput(oneHot));
            yield return BackwardWeight(g, accumulate: false, input: SparseInput(oneHot));
            yield return BackwardWeight(g, accumulate: true, input: SparseInput(oneHot));
        }
        yield return BiasBackward(1, 1, 1, accumulate: true);
        yield return BiasBackward(2, 5, 37, accumulate: false);
        yield return BiasBackward(2, 5, 37, accumulate: true);
        yield return BiasBackward(3, 4, 300, accumulate: false);
    }

    // Geometries drawn once from a fixed seed (so case names never change), valid by construction.
    private static IEnumerable<(ConvGeometry, bool)> RandomGeometries(int count)
    {
        var random = new Random(2203);
        for (int i = 0; i < count; i++)
        {
            int kernel = random.Next(1, 6), stride = random.Next(1, 4), dilation = random.Next(1, 4);
            int reach = dilation * (kernel - 1);
            int padLeft = random.Next(reach + 1), padRight = random.Next(reach + 1);
            int length = Math.Max(reach + 1 - padLeft - padRight, 1) + random.Next(40);
            yield return (new ConvGeometry(random.Next(1, 4), random.Next(1, 9), random.Next(1, 41), length, kernel,
                stride, dilation, padLeft, padRight), random.Next(2) == 1);
        }
    }

    private static string Describe(in ConvGeometry g) =>
        $"B={g.Batch} Cin={g.InChannels} Cout={g.OutChannels} T={g.InLength} K={g.KernelSize} s={g.Stride} "
        + $"d={g.Dilation} pad={g.PadLeft}/{g.PadRight}"
        + (g.IsNonOverlappingFrames ? " (frames)" : "") + (g.OutputIsSparseCode ? " sparse-code hint" : "")
        + (g.InputIsSparse ? " sparse-input hint" : "");

    private static string Code(double? on, bool values)
        => on is { } p ? $" {(values ? "valued " : "")}code p(on)={p}" : "";

    private static TwinBuffer CodeSide(ParityHarness h, in ConvGeometry g, double? codeOn, bool codeValues)
        => codeOn is not { } on ? h.Uniform(g.OutputSize)
            : codeValues ? h.SparseUniform(g.OutputSize, on) : h.Mask(g.OutputSize, on);

    /// <summary>How a check draws x: its name and the draw.</summary>
    internal sealed record InputDraw(string Name, Func<ParityHarness, ConvGeometry, TwinBuffer> Draw);

    internal static InputDraw SparseInput(bool oneHot) => oneHot
        ? new(" one-hot x", (h, g) => h.OneHot(g.Batch, g.InChannels, g.InLength))
        : new(" x p(on)=0.025", (h, g) => h.SparseUniform(g.InputSize, 0.025));

    private static TwinBuffer InputSide(ParityHarness h, in ConvGeometry g, InputDraw? input)
        => input is null ? h.Uniform(g.InputSize) : input.Draw(h, g);

    internal static ParityCheck Forward(ConvGeometry g, bool withBias, InputDraw? input = null) => new(
        "conv1d forward", Describe(g) + input?.Name + (withBias ? " bias" : ""), h =>
        {
            var x = InputSide(h, g, input);
            var w = h.Uniform(g.WeightSize);
            var bias = withBias ? h.Uniform(g.OutChannels) : null;
            var y = h.Constant(g.OutputSize, float.NaN);
            h.Run(backend => backend.Conv1dForward(g, x[backend], w[backend], bias?[backend], y[backend]));
            h.Compare("y", y, h.Gemm);
        });

    // codeOn: dy a code that keeps each value with that probability (codeValues: kept values uniform, else 1), else
    // uniform
    internal static ParityCheck BackwardInput(ConvGeometry g, bool accumulate, double? codeOn = null,
        bool codeValues = false) => new(
        "conv1d backward input", Describe(g) + Code(codeOn, codeValues) + (accumulate ? " accumulate" : " overwrite"),
        h =>
        {
            var dy = CodeSide(h, g, codeOn, codeValues);
            var w = h.Uniform(g.WeightSize);
            var dx = accumulate ? h.Uniform(g.InputSize) : h.Constant(g.InputSize, float.NaN);
            h.Run(backend => backend.Conv1dBackwardInput(g, dy[backend], w[backend], dx[backend], accumulate));
            h.Compare("dx", dx, h.Gemm);
        });

    // overwriting starts from NaN, so a backend that reads what it overwrites fails; codeOn as for BackwardInput
    internal static ParityCheck BackwardWeight(ConvGeometry g, bool accumulate, double? codeOn = null,
        bool codeValues = false, InputDraw? input = null) => new(
        "conv1d backward weight",
        Describe(g) + input?.Name + Code(codeOn, codeValues) + (accumulate ? " accumulate" : " overwrite"),
        h =>
        {
            var x = InputSide(h, g, input);
            var dy = CodeSide(h, g, codeOn, codeValues);
            var dw = accumulate ? h.Uniform(g.WeightSize) : h.Constant(g.WeightSize, float.NaN);
            h.Run(backend => backend.Conv1dBackwardWeight(g, x[backend], dy[backend], dw[backend], accumulate));
            h.Compare("dw", dw, h.Gemm);
        });

    private static ParityCheck BiasBackward(int batch, int channels, int length, bool accumulate) => new(
        "bias backward", $"B={batch} C={channels} T={length}" + (accumulate ? " accumulate" : " overwrite"), h =>
        {
            var dy = h.Uniform(batch * channels * length);
            var db = accumulate ? h.Uniform(channels) : h.Constant(channels, float.NaN);
            h.Run(backend => backend.BiasBackward(batch, channels, length, dy[backend], db[backend], accumulate));
            h.Compare("db", db, Tolerance.Float);
        });
}
