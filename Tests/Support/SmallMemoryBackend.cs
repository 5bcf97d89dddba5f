using System.Reflection;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Tests.Support;

/// <summary>
/// A backend that says it holds <see cref="Capacity"/> bytes (<see cref="IComputeBackend.MemoryBytes"/>) and passes
/// every other member to the backend it wraps: a device of any size, for the memory checks made before a run.
/// </summary>
public class SmallMemoryBackend : DispatchProxy
{
    private IComputeBackend? _inner;
    private long _capacity;

    /// <summary><paramref name="inner"/>, reporting <paramref name="capacity"/> bytes.</summary>
    public static IComputeBackend Wrap(IComputeBackend inner, long capacity)
    {
        var backend = Create<IComputeBackend, SmallMemoryBackend>();
        var proxy = (SmallMemoryBackend)(object)backend;
        (proxy._inner, proxy._capacity) = (inner, capacity);
        return backend;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == "get_" + nameof(IComputeBackend.MemoryBytes)) return _capacity;
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException failure) when (failure.InnerException is { } inner)
        {
            throw inner;
        }
    }
}
