namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// How far a candidate output may stray from the reference: element by element,
/// |candidate - reference| &lt;= Absolute + Relative * |reference| (numpy's allclose). NaN matches only NaN.
/// </summary>
public readonly record struct Tolerance(double Absolute, double Relative)
{
    /// <summary>
    /// Float results computed in a different order (tiled GEMM, tree reductions): a few ulps per term of a
    /// sum of up to a few hundred terms of size one.
    /// </summary>
    public static Tolerance Float { get; } = new(1e-5, 1e-4);

    /// <summary>
    /// Results of GEMMs whose operands were rounded to TF32 (unit roundoff 2^-11, 8192 times fp32's): each product of
    /// two operands in [-1, 1] is off by up to 2^-10 of its size, and the catalogue's sums of up to 700 such products
    /// with random signs drift by a few 2^-11 sqrt(K); training steps carry that through Adam's normalised updates.
    /// </summary>
    public static Tolerance Tf32 { get; } = new(3e-2, 1e-2);

    /// <summary>Bit-for-bit equal values: masks, selected codes, copies.</summary>
    public static Tolerance Exact { get; } = new(0, 0);

    /// <summary>True when <paramref name="candidate"/> is close enough to <paramref name="reference"/>.</summary>
    public bool Accepts(double reference, double candidate)
    {
        if (double.IsNaN(reference) || double.IsNaN(candidate))
            return double.IsNaN(reference) && double.IsNaN(candidate);
        if (reference == candidate) return true;
        return Math.Abs(candidate - reference) <= Absolute + Relative * Math.Abs(reference);
    }

    /// <inheritdoc />
    public override string ToString() => this == Exact ? "exact" : $"abs {Absolute:g2} + rel {Relative:g2}";
}
