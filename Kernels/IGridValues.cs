namespace TcnWtaNative.Kernels;

/// <summary>Reading and writing a backend's buffer by index, so one loop serves host arrays and device views.</summary>
public interface IGridValues
{
    /// <summary>The value at <paramref name="index"/>.</summary>
    float Get(long index);

    /// <summary>Sets the value at <paramref name="index"/>.</summary>
    void Set(long index, float value);
}
