using System.Numerics;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// What <see cref="GemmTuner"/> keeps for a class of GEMM shapes (<see cref="ClassOf"/>): the kernel it timed
/// fastest (null: the one the shape rules choose), and whether the reduction splits as the shape rules say or not at
/// all. A later shape of the class runs that kernel with the split the rules give its own K, so a run over pieces of
/// many lengths (MAESTRO's) times the candidates once per class of each GEMM, not once per length (cuDNN's benchmark
/// mode times every new shape).
/// </summary>
internal readonly record struct TunedGemmChoice(bool SplitsByRule, GemmTile? Tile, Tf32Block? Block)
{
    /// <summary>The shape rules' plan, whatever the shape.</summary>
    public static TunedGemmChoice Rules => new(SplitsByRule: true, null, null);

    /// <summary>The class of a shape: the exponents of the powers of two at or above M, N and K.</summary>
    public static (int M, int N, int K) ClassOf(in GemmShape shape)
        => (PowerOfTwoAbove(shape.M), PowerOfTwoAbove(shape.N), PowerOfTwoAbove(shape.K));

    /// <summary>
    /// This choice's plan for <paramref name="shape"/>, whose shape rules give <paramref name="rules"/>.
    /// </summary>
    public GemmPlan For(in GemmShape shape, in GemmPlan rules)
        => new(SplitsByRule ? rules.Split : SplitK.None(shape.K), Tile ?? rules.Tile, Block ?? rules.Block);

    // the exponent of the smallest power of two at least size (0 for sizes up to 1)
    private static int PowerOfTwoAbove(int size)
        => size <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(size - 1));
}
