namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Small counts known at compile time, for kernels specialized per count (the vectors of a block of columns, the
/// depth of a max/min cascade): the JIT compiles each struct argument as its own method, so the branches on the count
/// vanish and the state it sizes stays in registers.
/// </summary>
internal static class CompileTimeCounts
{
    /// <summary>The count a struct argument stands for.</summary>
    public interface ICount
    {
        static abstract int Count { get; }
    }

    public struct One : ICount { public static int Count => 1; }
    public struct Two : ICount { public static int Count => 2; }
    public struct Three : ICount { public static int Count => 3; }
    public struct Four : ICount { public static int Count => 4; }
    public struct Five : ICount { public static int Count => 5; }
    public struct Six : ICount { public static int Count => 6; }
    public struct Seven : ICount { public static int Count => 7; }
    public struct Eight : ICount { public static int Count => 8; }
}
