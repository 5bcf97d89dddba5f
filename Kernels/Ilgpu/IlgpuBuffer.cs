using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Device memory of one ILGPU accelerator. The owner wraps a <see cref="MemoryBuffer1D{T, TStride}"/>;
/// slices are views into the same storage and free nothing.
/// </summary>
public sealed class IlgpuBuffer : DeviceBuffer
{
    private readonly MemoryBuffer1D<float, Stride1D.Dense>? _owned;

    /// <summary>The elements as a dense view, what kernels take.</summary>
    public ArrayView<float> View { get; }

    /// <summary>The accelerator the storage lives on.</summary>
    public Accelerator Accelerator { get; }

    /// <inheritdoc />
    public override int Length => (int)View.Length;

    /// <summary>
    /// A new zero-filled buffer of <paramref name="length"/> floats on <paramref name="accelerator"/>.
    /// </summary>
    public IlgpuBuffer(Accelerator accelerator, int length)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), $"cannot allocate {length} elements");
        Accelerator = accelerator;
        if (length == 0) return;
        _owned = DeviceAllocation.Of<float>(accelerator, length);
        _owned.MemSetToZero();
        View = _owned.View;
    }

    private IlgpuBuffer(Accelerator accelerator, ArrayView<float> view)
    {
        Accelerator = accelerator;
        View = view;
    }

    /// <inheritdoc />
    public override DeviceBuffer Slice(int offset, int length)
    {
        CheckSliceBounds(offset, length);
        return new IlgpuBuffer(Accelerator, length == 0 ? default : View.SubView(offset, length));
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        if (_owned is not null) DeviceAllocation.Free(_owned);
    }

    /// <summary>
    /// The ILGPU buffer behind a buffer, or a clear error when another backend or accelerator allocated it.
    /// </summary>
    public static IlgpuBuffer Of(DeviceBuffer buffer, Accelerator accelerator)
    {
        if (buffer is not IlgpuBuffer ilgpu)
            throw new ArgumentException(
                $"a {buffer.GetType().Name} was passed to the ILGPU backend; allocate buffers on "
                + "the backend that uses them");
        if (!ReferenceEquals(ilgpu.Accelerator, accelerator))
            throw new ArgumentException(
                "a buffer of another ILGPU accelerator was passed to this backend; allocate buffers on "
                + "the backend that uses them");
        return ilgpu;
    }
}
