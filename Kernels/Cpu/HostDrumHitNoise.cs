namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// <see cref="IComputeBackend.AddDrumHitNoise"/> for a run of items in host memory, once the shapes are checked: the
/// items' clean values copied into the noisy batch, then each item's noisy cells changed
/// (<see cref="DrumHitNoise.Apply"/>). The host backends draw all items in one run (<see cref="HostMemoryBackend"/>),
/// the CPU backend runs of them on its workers (<see cref="ParallelDrumHitNoise"/>).
/// </summary>
internal static class HostDrumHitNoise
{
    /// <summary>Items [first, last) of clean [B, 3D, T] made noisy in noisy [B, 3D, T], each on its first steps[b]
    /// steps (all of them where <paramref name="steps"/> is null).</summary>
    public static void Draw(int first, int last, int drums, int length, CpuBuffer clean, CpuBuffer? steps,
        DrumHitNoise noise, CpuBuffer noisy)
    {
        int size = 3 * drums * length;
        clean.Span.Slice(first * size, (last - first) * size).CopyTo(noisy.Span.Slice(first * size));
        var from = new HostGridValues(clean.Storage, clean.Offset);
        var to = new HostGridValues(noisy.Storage, noisy.Offset);
        for (int b = first; b < last; b++)
        {
            int valid = steps is null ? length : DrumHitNoiseShapes.ValidSteps(steps.Span[b], length);
            noise.Apply(from, to, (long)b * size, drums, length, valid, b);
        }
    }
}
