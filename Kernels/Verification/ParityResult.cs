namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// The outcome of one <see cref="ParityCheck"/>: the worst errors over all its outputs and the first failure, if any.
/// </summary>
public sealed record ParityResult(string Op, string Case, double MaxAbsoluteError, double MaxRelativeError,
    string? Failure)
{
    /// <summary>True when every output of the op agreed within tolerance and nothing threw.</summary>
    public bool Passed => Failure is null;

    /// <summary>Folds the comparisons of one run into a result.</summary>
    public static ParityResult Of(string op, string @case, IReadOnlyList<OutputComparison> comparisons)
    {
        if (comparisons.Count == 0) return new(op, @case, 0, 0, "the check compared no outputs");
        return new(op, @case,
            comparisons.Max(c => c.MaxAbsoluteError),
            comparisons.Max(c => c.MaxRelativeError),
            comparisons.FirstOrDefault(c => !c.Passed)?.Failure);
    }
}
