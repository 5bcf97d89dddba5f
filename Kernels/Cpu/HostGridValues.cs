namespace TcnWtaNative.Kernels.Cpu;

/// <summary>A host buffer's values from <paramref name="Offset"/> on, for loops shared with device kernels.</summary>
internal readonly record struct HostGridValues(float[] Storage, int Offset) : IGridValues
{
    public float Get(long index) => Storage[Offset + index];

    public void Set(long index, float value) => Storage[Offset + index] = value;
}
