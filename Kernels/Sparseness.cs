namespace TcnWtaNative.Kernels;

/// <summary>
/// What is known of a signal's share of non-zeros against the sparse paths' share
/// (<see cref="ConvGeometry.SparseInputMostNonZeros"/>): a hint, counted by whoever filled the signal.
/// </summary>
public enum Sparseness
{
    /// <summary>Not counted: a backend that chooses its path by the share counts it itself.</summary>
    Unknown,
    /// <summary>At most the sparse share of the values are non-zero (one-hot events, a roll of rare onsets).</summary>
    Sparse,
    /// <summary>More than the sparse share of the values are non-zero.</summary>
    Dense,
}
