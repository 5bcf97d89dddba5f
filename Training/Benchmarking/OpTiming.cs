namespace TcnWtaNative.Training.Benchmarking;

/// <summary>
/// One op at one shape, totalled over the profiled steps: how often it ran, the wall time it took (each call
/// synchronized) and the floating-point operations it did (2 x multiply-adds; 0 for ops that are not counted).
/// </summary>
public sealed record OpTiming(string Op, string Shape, int Calls, double Milliseconds, double Flops)
{
    /// <summary>GFLOP/s of this op alone, 0 when it does no counted flops.</summary>
    public double GflopsPerSecond => Milliseconds > 0 ? Flops / (Milliseconds * 1e6) : 0;
}
