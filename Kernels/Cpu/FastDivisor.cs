using System.Runtime.CompilerServices;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Division by a divisor fixed at run time, as one 64-bit multiply-high instead of a hardware divide (about a
/// fifth of its latency): q = floor(M * n / 2^64) with M = floor((2^64 - 1) / d) + 1, exact for every n and d below
/// 2^32 (Lemire, Kaser and Kurz, "Faster remainder by direct computation", 2019). The sorts of sparse codes divide each
/// non-zero's flat index by the code's shape.
/// </summary>
public readonly struct FastDivisor
{
    private readonly ulong _multiplier;
    private readonly uint _divisor;

    /// <summary>A divisor of at least 1.</summary>
    public FastDivisor(int divisor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(divisor, 1);
        (_divisor, _multiplier) = ((uint)divisor, ulong.MaxValue / (uint)divisor + 1);
    }

    /// <summary>n / d for n &gt;= 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Divide(int n) => _divisor == 1 ? n : (int)Math.BigMul(_multiplier, (ulong)(uint)n, out _);

    /// <summary>(n / d, n % d) for n &gt;= 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (int Quotient, int Remainder) DivRem(int n)
    {
        int quotient = Divide(n);
        return (quotient, n - quotient * (int)_divisor);
    }
}
