namespace TcnWtaNative.Kernels.Verification;

/// <summary>The op-by-op parity suite: every op of <see cref="IComputeBackend"/>, several shapes each.</summary>
public static class KernelChecks
{
    /// <summary>All checks, grouped by op in interface order.</summary>
    public static IEnumerable<ParityCheck> All() => ElementwiseChecks.All()
        .Concat(GemmChecks.All())
        .Concat(ConvChecks.All())
        .Concat(SparsityChecks.All())
        .Concat(PursuitChecks.All())
        .Concat(ThresholdSearchChecks.All())
        .Concat(UnionDecodeChecks.All())
        .Concat(LossChecks.All())
        .Concat(FusedChecks.All())
        .Concat(SparseCodeChecks.All())
        .Concat(SparseInputChecks.All())
        .Concat(OptimizerChecks.All());
}
