namespace TcnWtaNative.Kernels.Verification;

/// <summary>Memory ops, slices, ReLU and the residual sums, at lengths that fill no group evenly.</summary>
public static class ElementwiseChecks
{
    private const int Length = 1037;

    /// <summary>Every memory and elementwise case.</summary>
    public static IEnumerable<ParityCheck> All()
    {
        yield return Op("fill", h => (h.Uniform(Length), (b, x) => b.Fill(x, 0.25f)));
        yield return Op("copy", h =>
        {
            var source = h.Uniform(Length);
            return (h.Constant(Length, float.NaN), (b, destination) => b.Copy(source[b], destination));
        });
        yield return CopyRows(rows: 6, sourceLength: 13, destinationLength: 16);
        yield return CopyRows(rows: 6, sourceLength: 16, destinationLength: 13);
        yield return SliceOps();
        yield return OneHot(batch: 3, channels: 388, length: 37);
        yield return GatherRows(rows: 7, rowLength: 27 * 16, sourceRows: 11);
        yield return DrumHitNoise(new(2, 0.3, 0f, 11), withSteps: true, "extra and dropped hits, items shorter");
        yield return DrumHitNoise(new(1, 0, 100f / 127, 12), withSteps: false, "extra hits quantized");
        yield return DrumHitNoise(new(2, 0.3, 0f, 13, FrameLength: 4), withSteps: true,
            "items as frames of 4 steps, items shorter", length: 16);
        yield return Op("relu forward", h =>
        {
            var x = h.Levels(Length, 9); // exact zeros included
            return (h.Constant(Length, float.NaN), (b, y) => b.ReluForward(x[b], y));
        });
        yield return ReluBackward(accumulate: false);
        yield return ReluBackward(accumulate: true);
        yield return Op("add", h =>
        {
            var (a, c) = (h.Uniform(Length), h.Uniform(Length));
            return (h.Constant(Length, float.NaN), (b, sum) => b.Add(a[b], c[b], sum));
        });
        yield return Op("add into", h =>
        {
            var source = h.Uniform(Length);
            return (h.Uniform(Length), (b, destination) => b.AddInto(source[b], destination));
        });
        yield return Op("multiply", h =>
        {
            var (a, mask) = (h.Uniform(Length), h.Mask(Length, 0.3));
            return (h.Constant(Length, float.NaN), (b, product) => b.Multiply(a[b], mask[b], product));
        });
        yield return Op("scale", h => (h.Uniform(Length), (b, x) => b.Scale(x, -0.75f)));
    }

    // A single-output op: the body makes the inputs and returns the output buffer and the op writing it.
    private static ParityCheck Op(string op,
        Func<ParityHarness, (TwinBuffer Output, Action<IComputeBackend, DeviceBuffer> Run)> setup, string? @case = null)
        => new(op, @case ?? $"n={Length}", h =>
        {
            var (output, run) = setup(h);
            h.Run(backend => run(backend, output[backend]));
            h.Compare("output", output, Tolerance.Exact);
        });

    private static ParityCheck CopyRows(int rows, int sourceLength, int destinationLength) => Op("copy rows", h =>
    {
        var source = h.Uniform(rows * sourceLength);
        return (h.Constant(rows * destinationLength, float.NaN),
            (b, destination) => b.CopyRows(rows, source[b], sourceLength, destination, destinationLength));
    }, $"rows={rows} {sourceLength} -> {destinationLength}");

    // ids in [0, C] (0: padding) expanded to [B, C, T]
    private static ParityCheck OneHot(int batch, int channels, int length) => Op("one hot", h =>
    {
        var ids = h.Values([.. h.RandomValues(batch * length, 0f, channels + 1).Select(MathF.Floor)]);
        return (h.Constant(batch * channels * length, float.NaN),
            (b, destination) => b.OneHot(batch, channels, length, ids[b], destination));
    }, $"[{batch},{channels},{length}]");

    // rows picked from a resident set, some twice, in shuffled order
    private static ParityCheck GatherRows(int rows, int rowLength, int sourceRows) => Op("gather rows", h =>
    {
        var source = h.Uniform(sourceRows * rowLength);
        var indices = h.Values([.. h.RandomValues(rows, 0f, sourceRows).Select(MathF.Floor)]);
        return (h.Constant(rows * rowLength, float.NaN),
            (b, destination) => b.GatherRows(rows, rowLength, source[b], indices[b], destination));
    }, $"{rows} of {sourceRows} rows of {rowLength}");

    // denoising training's noise on drum grids [B, 27, T] (or their frames [B*L, 27, K]; hit rows 0/1), some items
    // ending early; velocities within a few ulps (a GPU may fuse an extra hit's 0.3 + 0.6 u), every hit and offset
    // exactly
    private static ParityCheck DrumHitNoise(DrumHitNoise noise, bool withSteps, string @case, int length = 19)
        => new("drum hit noise", @case, h =>
        {
            const int batch = 7, drums = 9;
            int frame = noise.FrameLength > 0 ? noise.FrameLength : length;
            var clean = h.HitGrid(batch * (length / frame), 3 * drums, frame, drums);
            var steps = withSteps ? h.Values([.. Enumerable.Range(0, batch).Select(b => (float)(length - b % 3 * 6))])
                : null;
            var noisy = h.Constant(batch * 3 * drums * length, float.NaN);
            h.Run(b => b.AddDrumHitNoise(batch, drums, length, clean[b], steps?[b], noise, noisy[b]));
            h.Compare("noisy grids", noisy, Tolerance.Float);
        });

    private static ParityCheck ReluBackward(bool accumulate) => Op("relu backward", h =>
    {
        var y = h.Levels(Length, 9);
        var dy = h.Uniform(Length);
        return (accumulate ? h.Uniform(Length) : h.Constant(Length, float.NaN),
            (b, dx) => b.ReluBackward(y[b], dy[b], dx, accumulate));
    }, $"n={Length} {(accumulate ? "accumulate" : "overwrite")}");

    // Views must share their parent's storage: ops on slices change exactly the sliced range of the parent.
    private static ParityCheck SliceOps() => new("slices", "gemm, scale and add into views of one buffer", h =>
    {
        const int m = 5, n = 7, k = 3;
        var parent = h.Uniform(200);
        h.Run(b =>
        {
            var whole = parent[b];
            using var a = whole.Slice(3, m * k);
            using var right = whole.Slice(20, k * n);
            using var c = whole.Slice(50, m * n);
            b.Gemm(false, false, m, n, k, 1f, a, right, 1f, c);
            using var tail = whole.Slice(150, 50);
            b.Scale(tail, 3f);
            using var window = whole.Slice(100, 40);
            using var nested = window.Slice(10, 20);
            using var head = whole.Slice(0, 20);
            b.AddInto(head, nested);
        });
        h.Compare("parent", parent, h.Gemm);
    });
}
