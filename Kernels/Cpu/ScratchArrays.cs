namespace TcnWtaNative.Kernels.Cpu;

/// <summary>Scratch arrays that grow to the largest length asked of them and are then reused, never shrunk.</summary>
internal static class ScratchArrays
{
    /// <summary>Replaces <paramref name="buffer"/> by a new array of <paramref name="length"/> elements if it is
    /// shorter; what it held is not kept.</summary>
    public static void Grow<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[length];
    }
}
