using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// What every GEMM instantiation shares for split-K and the kernel choice: the policies, the device's multiprocessor
/// count, the tuner when plans are chosen by timing (<see cref="Tuner"/>), and one grow-only scratch for the partial
/// outputs (no allocation in steady state; GEMMs run in stream order, so they never use the scratch at the same time).
/// </summary>
internal sealed class SplitKSupport(Accelerator accelerator, SplitKPolicy policy, GemmTilePolicy tiles) : IDisposable
{
    private readonly GrowOnlyBuffer<float> _partials = new(accelerator);

    /// <summary>Times the <see cref="Candidates"/> of each new class of GEMM shapes and keeps the fastest; null: the
    /// policies' <see cref="Plan"/> for every shape.</summary>
    public GemmTuner? Tuner { get; private set; }

    /// <summary>Chooses plans by timing from now on.</summary>
    public void TuneByTiming() => Tuner ??= new GemmTuner(accelerator);

    /// <summary>The policies' plan for <paramref name="shape"/> on this device.</summary>
    public GemmPlan Plan(in GemmShape shape)
    {
        int multiprocessors = accelerator.NumMultiprocessors;
        var split = policy.Choose(shape.M, shape.N, shape.K, multiprocessors);
        return new GemmPlan(split, tiles.Choose(shape.M, shape.N, split, multiprocessors),
            tiles.ChooseTf32(shape.M, shape.N, split, multiprocessors));
    }

    /// <summary>
    /// What a tuner times for <paramref name="shape"/>: the policies' plan first (which, kept, goes on following the
    /// policies), then every kernel of <paramref name="precision"/> (fp32's three tiles, or TF32's two blocks) with the
    /// policies' split and unsplit, each a plan distinct from the others' at this shape.
    /// </summary>
    public IReadOnlyList<TunedGemmChoice> Candidates(GemmShape shape, GemmPrecision precision)
    {
        var planned = Plan(shape);
        var rules = TunedGemmChoice.Rules;
        bool[] splits = planned.Split.IsSplit ? [true, false] : [false];
        var others = precision == GemmPrecision.Tf32
            ? from split in splits from block in Enum.GetValues<Tf32Block>()
              select new TunedGemmChoice(split, null, block)
            : from split in splits from tile in Enum.GetValues<GemmTile>()
              select new TunedGemmChoice(split, tile, null);
        var plans = new HashSet<GemmPlan> { rules.For(shape, planned) };
        return [rules, .. others.Where(choice => plans.Add(choice.For(shape, planned)))];
    }

    /// <summary>
    /// Scratch for <paramref name="slices"/> partial outputs of <paramref name="stride"/> floats each.
    /// </summary>
    public ArrayView<float> Partials(int slices, int stride)
    {
        long length = (long)slices * stride;
        if (length > int.MaxValue)
            throw new InvalidOperationException($"split-K scratch of {slices} x {stride} floats exceeds one buffer");
        return _partials.View((int)length);
    }

    public void Dispose()
    {
        _partials.Dispose();
        Tuner?.Dispose();
    }
}
