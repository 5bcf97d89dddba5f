namespace TcnWtaNative.Kernels.Verification;

/// <summary>One tensor of a parity check, held on both backends with identical contents until the op runs.</summary>
public sealed class TwinBuffer(IComputeBackend candidate, DeviceBuffer onCandidate, DeviceBuffer onReference)
{
    /// <summary>Number of elements.</summary>
    public int Length => onCandidate.Length;

    /// <summary>The copy that lives on <paramref name="backend"/> (the candidate or the reference).</summary>
    public DeviceBuffer this[IComputeBackend backend]
        => ReferenceEquals(backend, candidate) ? onCandidate : onReference;

    /// <summary>The candidate's copy.</summary>
    public DeviceBuffer Candidate => onCandidate;

    /// <summary>The reference's copy.</summary>
    public DeviceBuffer Reference => onReference;
}
