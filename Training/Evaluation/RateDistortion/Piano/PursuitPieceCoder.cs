using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// Orthogonal matching pursuit over a dictionary of K-step atoms with the piece's whole budget, b × its seconds,
/// shared by all its frames (one group, as the Groove pursuit shares a bar's budget): model+omp over the decoder's
/// atoms, random+omp over random training frames. Non-overlapping frames are orthogonal, so this is OMP over the
/// piece with shifted atoms. <paramref name="weighting"/> says how the coder's channel weights weigh the error, for
/// the budget's meaning (null when it has none). The coder is the caller's to dispose.
/// </summary>
public sealed class PursuitPieceCoder(string method, PursuitCoder coder, IComputeBackend backend, StepRate rate,
    string? weighting = null) : IPieceCoder
{
    public string Method => method;
    public int Atoms => coder.Atoms;

    public string? Unsupported(int nonzerosPerSecond)
        => nonzerosPerSecond >= 1 ? null : "a budget needs at least one non-zero per second";

    public string BudgetMeaning(int nonzerosPerSecond)
        => $"{nonzerosPerSecond} OMP picks/s from {coder.Atoms} {coder.FrameLength}-step atoms, in any frame"
            + (weighting is null ? "" : $"; {weighting}");

    public PieceCode Reconstruct(float[] signal, int length, int nonzerosPerSecond)
    {
        if (Unsupported(nonzerosPerSecond) is { } reason) throw new ArgumentException(reason);
        int frames = (length + coder.FrameLength - 1) / coder.FrameLength;
        int budget = Math.Min(rate.ForPiece(nonzerosPerSecond, length), coder.Atoms * frames);
        using var input = Tensor.FromHost(backend, signal, 1, coder.Channels, length);
        // code [1, N, frames], one group of all frames
        using var code = coder.Encode(input, budget, groupFrames: frames);
        using var decoded = coder.Decode(code);
        int nonzeros = code.ToHost(backend).Count(v => v != 0);
        var reconstruction = SignalRows.TrimToLength(decoded.ToHost(backend), coder.Channels, decoded.Length, length);
        return new PieceCode(reconstruction, nonzeros);
    }
}
