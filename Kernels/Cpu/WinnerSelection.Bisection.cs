using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
namespace TcnWtaNative.Kernels.Cpu;

public static partial class WinnerSelection
{
    [ThreadStatic] private static Vector256<int>[]? _orderedKeys;

    /// <summary>
    /// The selection of the eight code columns (b, l) .. (b, l + 7) for any k, one lane each, where the cascade of
    /// <see cref="SelectEightSteps"/> would hold too many values (maestro keeps 100 of 1000 atoms). Each value becomes
    /// an integer key in the same order (<see cref="OrderedKey"/>), and 32 counting passes over the eight lanes' keys
    /// fix each lane's k-th largest key one bit at a time, from the top: a bit stays set when at least k keys reach
    /// the prefix with it. That key is the k-th largest value exactly, found with no branch and no sort; the tie count
    /// and the writing pass are <see cref="SelectEightSteps"/>'s.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SelectEightStepsByBisection(in TopKBuffers buffers, int b, int l)
    {
        int atoms = buffers.Atoms, stride = buffers.Length, first = b * atoms * stride + l;
        if (_orderedKeys is null || _orderedKeys.Length < atoms) _orderedKeys = new Vector256<int>[atoms];
        var keys = _orderedKeys.AsSpan(0, atoms);
        var z = buffers.Z.AsSpan(buffers.ZOffset + first);
        for (int n = 0; n < atoms; n++) keys[n] = OrderedKey(Vector256.Create(z.Slice(n * stride, ColumnsAtOnce)));
        var threshold = FromOrderedKey(KthLargestKey(keys, buffers.K));
        var ties = Vector256.Create(buffers.K);   // per lane: k less the values above the threshold
        for (int n = 0; n < atoms; n++)
            ties += Vector256.GreaterThan(Vector256.Create(z.Slice(n * stride, ColumnsAtOnce)), threshold).AsInt32();
        KeepEightSteps(buffers, first, threshold, ties);
    }

    // per lane, the k-th largest of the keys: the unsigned prefix u (key = u with its top bit flipped) grows a bit at a
    // time while at least k keys are >= it; key >= c for c >= 1 is key > c - 1, one signed compare
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector256<int> KthLargestKey(ReadOnlySpan<Vector256<int>> keys, int k)
    {
        var prefix = Vector256<int>.Zero;
        var enough = Vector256.Create(k);
        var topBit = Vector256.Create(int.MinValue);
        for (int bit = 31; bit >= 0; bit--)
        {
            var candidate = prefix | Vector256.Create(1 << bit);
            var below = (candidate - Vector256<int>.One) ^ topBit;
            var reaching = Vector256<int>.Zero;   // minus the count: a true compare is -1
            foreach (var key in keys) reaching += Vector256.GreaterThan(key, below);
            prefix = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(-reaching, enough), candidate, prefix);
        }
        return prefix ^ topBit;
    }

    /// <summary>
    /// An integer per value whose signed order is the values' order: the sign and magnitude bits of a float, with a
    /// negative float's magnitude bits flipped. NaN becomes -∞, as in the cascade, so it is never kept. (-0 sorts
    /// below +0 here, but a zero threshold still keeps equal zeros in atom order: the writing pass compares floats.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> OrderedKey(Vector256<float> values)
    {
        values = Vector256.ConditionalSelect(Vector256.Equals(values, values), values,
            Vector256.Create(float.NegativeInfinity));
        var bits = values.AsInt32();
        return bits ^ (Vector256.ShiftRightArithmetic(bits, 31) & Vector256.Create(int.MaxValue));
    }

    // the inverse of OrderedKey on the keys it makes (flipping a negative key's magnitude bits again)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> FromOrderedKey(Vector256<int> keys)
        => (keys ^ (Vector256.ShiftRightArithmetic(keys, 31) & Vector256.Create(int.MaxValue))).AsSingle();
}
