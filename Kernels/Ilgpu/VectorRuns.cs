using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Runs of <see cref="Width"/> floats that the register-blocked GEMM reads as one <see cref="PackedFloat4"/>: the
/// layout promises the run (<see cref="IMatrixLayout.ContiguousRun"/>) and the view must start on a multiple of
/// <see cref="Width"/> elements, so the run's 16 bytes are aligned wherever the buffer itself is.
/// </summary>
internal static class VectorRuns
{
    /// <summary>Floats per vector load: 16 bytes, the widest global load of a GPU thread.</summary>
    public const int Width = 4;

    /// <summary>The run a layout can promise when its fast axis restarts every <paramref name="period"/>.</summary>
    public static int Within(int period) => period % Width == 0 ? Width : 1;

    /// <summary>True when <paramref name="view"/> starts <see cref="Width"/>-aligned in its buffer.</summary>
    public static bool StartsAligned(ArrayView<float> view) => IndexInBuffer(view) % Width == 0;

    // Through the interface constraint, so the struct view is not boxed on every launch.
    private static long IndexInBuffer<TView>(TView view) where TView : struct, IContiguousArrayView => view.Index;
}

/// <summary>
/// Which operands of one register-blocked GEMM launch may be read in runs of <see cref="VectorRuns.Width"/>: the run
/// length for a and for b, <see cref="VectorRuns.Width"/> or 1 (ints, as ILGPU takes no bool kernel parameters).
/// </summary>
internal readonly record struct VectorReads(int A, int B)
{
    /// <summary>True when a's runs may be read as vectors.</summary>
    public bool OfA => A == VectorRuns.Width;

    /// <summary>True when b's runs may be read as vectors.</summary>
    public bool OfB => B == VectorRuns.Width;

    /// <summary>A run is allowed where the layout promises it and the view starts aligned.</summary>
    public static VectorReads Of<TA, TB>(ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout)
        where TA : struct, IMatrixLayout where TB : struct, IMatrixLayout
        => new(Allowed(a, aLayout.ContiguousRun), Allowed(b, bLayout.ContiguousRun));

    private static int Allowed(ArrayView<float> view, int run)
        => run >= VectorRuns.Width && VectorRuns.StartsAligned(view) ? VectorRuns.Width : 1;
}
