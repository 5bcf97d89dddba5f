using System.Reflection;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Runtime;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// Every kernel an <see cref="IlgpuBackend"/> holds, found by walking its kernel objects' fields: each launcher
/// delegate ILGPU returned (a lazily loaded one loaded now), named by its class and field, with the entry point its
/// accelerator compiled it from, which any ILGPU backend can compile again (<see cref="KernelPtx.Compile"/>).
/// </summary>
internal static class LoadedKernels
{
    private const BindingFlags Fields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>The kernels found, and the names of delegate fields that led to no kernel (none, if the walk
    /// understands every launcher).</summary>
    public static (IReadOnlyList<(string Name, EntryPointDescription Entry)> Found, IReadOnlyList<string> Unresolved)
        Of(IlgpuBackend backend)
    {
        var found = new List<(string, EntryPointDescription)>();
        var unresolved = new List<string>();
        Walk(backend, found, unresolved, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return (found, unresolved);
    }

    // the entry point as the accelerator loaded it: explicitly grouped (a kernel config) or grouped for it
    private static EntryPointDescription EntryOf(CompiledKernel kernel) => kernel.IndexType == IndexType.KernelConfig
        ? EntryPointDescription.FromExplicitlyGroupedKernel(kernel.SourceMethod)
        : EntryPointDescription.FromImplicitlyGroupedKernel(kernel.SourceMethod);

    // the entry point behind a launcher: its kernel's, where the delegate's target is the kernel or a closure ILGPU's
    // stream launchers wrap it in, or a specialized kernel's cache's (kernels compiled per SpecializedValue)
    private static EntryPointDescription? EntryOf(object? target, int depth)
    {
        if (target is Kernel kernel) return EntryOf(kernel.CompiledKernel);
        if (target is null || depth == 0) return null;
        if (target is Delegate inner) return EntryOf(inner.Target, depth - 1);
        var type = target.GetType();
        if (type.Namespace?.StartsWith("ILGPU") != true) return null;
        if (type.GetProperty("Entry")?.GetValue(target) is EntryPointDescription cached) return cached;
        foreach (var field in type.GetFields(Fields))
            if (EntryOf(field.GetValue(target), depth - 1) is { } held) return held;
        return null;
    }

    private static void Walk(object holder, List<(string, EntryPointDescription)> found, List<string> unresolved,
        HashSet<object> seen)
    {
        if (!seen.Add(holder)) return;
        foreach (var field in holder.GetType().GetFields(Fields))
        {
            object? value = field.GetValue(holder);
            if (value is null) continue;
            var type = value.GetType();
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Lazy<>))
                value = type.GetProperty(nameof(Lazy<object>.Value))!.GetValue(value)!;
            string name = $"{holder.GetType().Name}.{field.Name}";
            if (value is Delegate launcher)
            {
                if (EntryOf(launcher.Target, depth: 3) is { } entry) found.Add((name, entry));
                else unresolved.Add(name);
            }
            else if (value.GetType().Namespace == typeof(IlgpuBackend).Namespace && !value.GetType().IsValueType)
                Walk(value, found, unresolved, seen);
        }
    }
}
