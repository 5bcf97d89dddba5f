namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// One op at one shape, run on a candidate backend and a reference backend from identical seeded inputs, every
/// output compared. The NUnit parity tests and <c>tcnwta verify-kernels</c> run the very same checks.
/// </summary>
/// <param name="Op">The op, as reports group it: "gemm", "conv1d forward", "top-k", ...</param>
/// <param name="Case">The shape and options that make this case different from the op's others.</param>
/// <param name="Body">Builds inputs, runs the op on both backends and records comparisons.</param>
public sealed record ParityCheck(string Op, string Case, Action<ParityHarness> Body)
{
    /// <summary>
    /// Runs the check, GEMM-computed outputs held to the tolerance of the candidate's <paramref name="precision"/>;
    /// an exception on either backend is a failed result, not a crash.
    /// </summary>
    public ParityResult Run(IComputeBackend candidate, IComputeBackend reference,
        GemmPrecision precision = GemmPrecision.Fp32)
    {
        using var harness = new ParityHarness(candidate, reference, Seed, precision);
        try
        {
            Body(harness);
            harness.CompareUntouchedInputs();
            return ParityResult.Of(Op, Case, harness.Comparisons);
        }
        catch (Exception error)
        {
            return new ParityResult(Op, Case, double.NaN, double.NaN, $"{error.GetType().Name}: {error.Message}");
        }
    }

    /// <summary>A seed fixed by the check's name (FNV-1a), so every run of a check sees the same inputs.</summary>
    public int Seed
    {
        get
        {
            uint hash = 2166136261;
            foreach (char c in $"{Op}/{Case}") hash = (hash ^ c) * 16777619;
            return (int)(hash & int.MaxValue);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Op}: {Case}";
}
