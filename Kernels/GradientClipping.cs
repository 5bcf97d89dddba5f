namespace TcnWtaNative.Kernels;

/// <summary>Global-norm gradient clipping as torch.nn.utils.clip_grad_norm_ computes it, shared by the host and device
/// paths.</summary>
public static class GradientClipping
{
    /// <summary>Added to the norm before dividing, as PyTorch does.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>The factor maxNorm / (norm + 1e-6) for norm = sqrt(sumOfSquares); the gradients are scaled by it only
    /// when it is below 1.</summary>
    public static double Factor(double sumOfSquares, double maxNorm) => maxNorm / (Math.Sqrt(sumOfSquares) + Epsilon);
}
