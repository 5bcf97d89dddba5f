using TcnWtaNative.Kernels;

namespace TcnWtaNative.Tests.Support;

/// <summary>
/// Runs one op on two backends from identical buffers and compares everything that came out: every buffer's final
/// contents (outputs, accumulators, and inputs that must stay untouched) and the op's scalar result. The candidate is
/// the backend under test (SIMD, GPU); the baseline is the one trusted (the scalar loops the float64 gradient checks
/// verify).
/// </summary>
public sealed class BackendParity(IComputeBackend candidate, IComputeBackend baseline)
{
    /// <summary>
    /// Tolerances for results that are sums of <paramref name="terms"/> float products of values near 1, accumulated in
    /// a different order by each backend: (absolute, relative). Rounding grows with the number of terms, so the
    /// allowance does too.
    /// </summary>
    public static (double Absolute, double Relative) SumTolerance(long terms) => (1e-6 * Math.Max(terms, 1), 1e-4);

    /// <summary>
    /// One backend's view of a run: the buffers after the op and what the op returned (0 for ops that return nothing).
    /// </summary>
    public sealed record Outcome(float[][] Buffers, double Result);

    /// <summary>
    /// The op on both backends; <paramref name="buffers"/> are the buffers' initial contents, in the op's argument
    /// order.
    /// </summary>
    public (Outcome Candidate, Outcome Baseline) Run(float[][] buffers,
        Func<IComputeBackend, DeviceBuffer[], double> op)
        => (RunOn(candidate, buffers, op), RunOn(baseline, buffers, op));

    /// <summary>
    /// Runs the op on both and asserts every buffer and the result agree within absolute + relative * |baseline|.
    /// </summary>
    public void AssertClose(string what, float[][] buffers, Func<IComputeBackend, DeviceBuffer[], double> op,
        double absolute, double relative)
    {
        var (fast, trusted) = Run(buffers, op);
        Assert.Multiple(() =>
        {
            for (int i = 0; i < buffers.Length; i++)
                TensorAssert.AllClose(fast.Buffers[i], trusted.Buffers[i], absolute, relative,
                    $"{what}: buffer {i}, {candidate.Name} vs {baseline.Name}");
            TensorAssert.AllClose([fast.Result], [trusted.Result], absolute, relative,
                $"{what}: result, {candidate.Name} vs {baseline.Name}");
        });
    }

    /// <summary>
    /// <see cref="AssertClose(string, float[][], Func{IComputeBackend, DeviceBuffer[], double}, double, double)"/> for
    /// ops that return nothing.
    /// </summary>
    public void AssertClose(string what, float[][] buffers, Action<IComputeBackend, DeviceBuffer[]> op, double absolute,
        double relative)
        => AssertClose(what, buffers, (backend, b) => { op(backend, b); return 0; }, absolute, relative);

    /// <summary>Exact agreement (selections, masks, copies).</summary>
    public void AssertEqual(string what, float[][] buffers, Action<IComputeBackend, DeviceBuffer[]> op)
        => AssertClose(what, buffers, op, 0, 0);

    private static Outcome RunOn(IComputeBackend backend, float[][] buffers,
        Func<IComputeBackend, DeviceBuffer[], double> op)
    {
        var onDevice = buffers.Select(backend.Uploaded).ToArray();
        try
        {
            double result = op(backend, onDevice);
            var after = onDevice.Select(buffer =>
            {
                var values = new float[buffer.Length];
                backend.Download(buffer, values);
                return values;
            }).ToArray();
            return new Outcome(after, result);
        }
        finally
        {
            foreach (var buffer in onDevice) buffer.Dispose();
        }
    }
}
