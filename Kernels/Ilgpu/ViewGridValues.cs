using ILGPU;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>A device view's values, for loops shared with the host backends.</summary>
internal readonly record struct ViewGridValues(ArrayView<float> Values) : IGridValues
{
    public float Get(long index) => Values[index];

    public void Set(long index, float value) => Values[index] = value;
}
