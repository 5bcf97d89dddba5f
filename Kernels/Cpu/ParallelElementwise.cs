using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>The elementwise ops <see cref="ParallelElementwise"/> splits over the cores.</summary>
public enum ElementwiseOp
{
    /// <summary>output = max(first, 0).</summary>
    ReluForward,
    /// <summary>output = first &gt; 0 ? second : 0 (first: the ReLU's output, second: the upstream gradient).</summary>
    ReluBackward,
    /// <summary>output += first &gt; 0 ? second : 0.</summary>
    ReluBackwardAccumulate,
    /// <summary>output = first + second.</summary>
    Add,
    /// <summary>output = first * second.</summary>
    Multiply,
}

/// <summary>
/// An elementwise op over buffers of one length (x, dy, dx, sum, product: [n]) on all cores, in items sized by
/// <see cref="ElementChunks"/>. Each element's result depends on that element alone, so it is the same float at any
/// split. Reused per thread, so a call allocates nothing.
/// </summary>
public sealed class ParallelElementwise : ParallelJob
{
    private const int LargestChunk = 1 << 16;
    [ThreadStatic] private static ParallelElementwise? _forThisThread;
    private ElementwiseOp _op;
    private CpuBuffer? _first, _second, _output;
    private int _chunk;

    /// <summary>
    /// <paramref name="op"/> over <paramref name="first"/>, <paramref name="second"/> (unused by
    /// <see cref="ElementwiseOp.ReluForward"/>) and <paramref name="output"/>, all as long as <paramref name="first"/>
    /// (checked by the caller).
    /// </summary>
    public static void Run(ElementwiseOp op, CpuBuffer first, CpuBuffer? second, CpuBuffer output)
    {
        var job = _forThisThread ??= new();
        (job._op, job._first, job._second, job._output) = (op, first, second, output);
        job._chunk = ElementChunks.Size(first.Length, LargestChunk);
        CoreWorkers.Run(job, ElementChunks.Count(first.Length, job._chunk));
        (job._first, job._second, job._output) = (null, null, null);
    }

    /// <inheritdoc />
    public override void Run(int index, int worker)
    {
        int start = index * _chunk, count = Math.Min(_chunk, _first!.Length - start);
        ReadOnlySpan<float> first = _first.Span.Slice(start, count);
        ReadOnlySpan<float> second = _second is null ? default : _second.Span.Slice(start, count);
        var output = _output!.Span.Slice(start, count);
        switch (_op)
        {
            case ElementwiseOp.ReluForward: TensorPrimitives.Max(first, 0f, output); break;
            case ElementwiseOp.ReluBackward: ReluGradient(first, second, output, accumulate: false); break;
            case ElementwiseOp.ReluBackwardAccumulate: ReluGradient(first, second, output, accumulate: true); break;
            case ElementwiseOp.Add: TensorPrimitives.Add(first, second, output); break;
            case ElementwiseOp.Multiply: TensorPrimitives.Multiply(first, second, output); break;
            default: throw new ArgumentOutOfRangeException(nameof(_op), _op, "not an elementwise op");
        }
    }

    // gradient[i] (+)= output[i] > 0 ? upstream[i] : 0, 8 floats at a time
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReluGradient(ReadOnlySpan<float> output, ReadOnlySpan<float> upstream, Span<float> gradient,
        bool accumulate)
    {
        int i = 0;
        for (; i <= output.Length - 8; i += 8)
        {
            var passed = Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Create(output.Slice(i, 8)),
                Vector256<float>.Zero),
                Vector256.Create(upstream.Slice(i, 8)), Vector256<float>.Zero);
            (accumulate ? passed + Vector256.Create(gradient.Slice(i, 8)) : passed).CopyTo(gradient.Slice(i, 8));
        }
        for (; i < output.Length; i++)
        {
            float passed = output[i] > 0f ? upstream[i] : 0f;
            gradient[i] = accumulate ? gradient[i] + passed : passed;
        }
    }
}
