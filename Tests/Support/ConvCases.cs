using TcnWtaNative.Kernels;

namespace TcnWtaNative.Tests.Support;

/// <summary>
/// Named convolution geometries covering every shape the model uses: plain, strided, causal dilated (the TCN blocks),
/// symmetric padding, non-overlapping frames (the encoder and decoder, stride = kernel = K) and the single frame (T =
/// K).
/// </summary>
public static class ConvCases
{
    /// <summary>Small geometries for the float64 finite-difference checks (every coordinate checked).</summary>
    public static readonly (string Name, ConvGeometry Geometry)[] SmallGeometries =
    [
        ("plain", new ConvGeometry(2, 3, 4, 9, 3)),
        ("stride 2", new ConvGeometry(2, 3, 2, 11, 3, Stride: 2)),
        ("causal dilation 2", new ConvGeometry(2, 2, 3, 10, 3, Dilation: 2, PadLeft: 4)),
        ("symmetric padding", new ConvGeometry(1, 3, 2, 8, 5, PadLeft: 2, PadRight: 2)),
        ("frames L=3", new ConvGeometry(2, 3, 4, 12, 4, Stride: 4)),
        ("single frame", new ConvGeometry(3, 2, 5, 6, 6, Stride: 6)),
        ("odd sizes", new ConvGeometry(3, 5, 7, 13, 5, Stride: 3, Dilation: 2, PadLeft: 3, PadRight: 1)),
    ];

    /// <summary>
    /// Larger geometries for backend parity: GEMM panel edges, T not a multiple of 8, wide batches, Tout = 1, long
    /// stride-1 signals.
    /// </summary>
    public static readonly (string Name, ConvGeometry Geometry)[] ParityGeometries =
    [
        ("plain", new ConvGeometry(3, 5, 7, 37, 3)),
        ("stride 2", new ConvGeometry(2, 6, 9, 41, 4, Stride: 2)),
        ("causal dilation 4", new ConvGeometry(4, 13, 17, 53, 3, Dilation: 4, PadLeft: 8)),
        ("symmetric padding", new ConvGeometry(2, 7, 5, 29, 5, PadLeft: 2, PadRight: 2)),
        ("frames L=5", new ConvGeometry(3, 11, 19, 40, 8, Stride: 8)),
        ("frames K=2, L=32 (piano's, moved as 8-byte words)", new ConvGeometry(3, 22, 30, 64, 2, Stride: 2)),
        ("frames K=4, L=4 (one-beat drum frames, moved as 128-bit vectors)",
            new ConvGeometry(9, 27, 22, 16, 4, Stride: 4)),
        ("frames K=8, L=2 (two-beat drum frames, steps interleaved)", new ConvGeometry(5, 9, 13, 16, 8, Stride: 8)),
        ("frames K=3, L=6 (moved value by value)", new ConvGeometry(4, 5, 7, 18, 3, Stride: 3)),
        ("single frame, wide batch", new ConvGeometry(515, 3, 21, 16, 16, Stride: 16)),
        ("frames, deep (K*C > 256)", new ConvGeometry(5, 23, 33, 36, 12, Stride: 12)),
        ("odd sizes", new ConvGeometry(7, 9, 11, 31, 5, Stride: 3, Dilation: 2, PadLeft: 3, PadRight: 1)),
        ("long causal dilation 2 (windowed, T > 256)", new ConvGeometry(2, 13, 9, 300, 3, Dilation: 2, PadLeft: 4)),
        ("long, both pads, Cout*Kw > 256 (windowed)", new ConvGeometry(1, 5, 90, 100, 3, PadLeft: 3, PadRight: 1)),
        ("frames L=70, C*K > 256 (windowed)", new ConvGeometry(2, 37, 9, 560, 8, Stride: 8)),
        ("frames K=12, L=66 (windowed, taps across 8-wide blocks)", new ConvGeometry(2, 23, 7, 792, 12, Stride: 12)),
    ];

    /// <summary>Test cases (geometry) named after each small geometry.</summary>
    public static IEnumerable<TestCaseData> Small()
        => SmallGeometries.Select(c => new TestCaseData(c.Geometry).SetArgDisplayNames(c.Name));

    /// <summary>Test cases (geometry) named after each parity geometry.</summary>
    public static IEnumerable<TestCaseData> Parity()
        => ParityGeometries.Select(c => new TestCaseData(c.Geometry).SetArgDisplayNames(c.Name));

    /// <summary>
    /// Test cases (geometry, flag) for each parity geometry with the flag false and true (NUnit cannot combine a source
    /// with [Values]).
    /// </summary>
    public static IEnumerable<TestCaseData> ParityWithFlag() =>
        from c in ParityGeometries
        from flag in new[] { false, true }
        select new TestCaseData(c.Geometry, flag).SetArgDisplayNames(c.Name, flag.ToString());
}
