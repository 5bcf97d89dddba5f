using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// <see cref="IComputeBackend.AddDrumHitNoise"/>: the clean batch copied into the noisy one, then one thread per item
/// walking its cells (<see cref="DrumHitNoise.Apply"/>, the loop every backend runs), so the noise matches the host's
/// draw for draw.
/// </summary>
internal sealed class DrumHitNoiseKernels
{
    private readonly Accelerator _accelerator;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, DrumHitNoise>
        _items;

    public DrumHitNoiseKernels(Accelerator accelerator)
    {
        _accelerator = accelerator;
        _items = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, int, int, int, DrumHitNoise>(Item);
    }

    /// <summary>noisy [B, 3D, T] = clean with the noise on each item's first steps[b] steps (all T without steps).
    /// </summary>
    public void Add(int batch, int drums, int length, ArrayView<float> clean, ArrayView<float>? steps,
        DrumHitNoise noise, ArrayView<float> noisy)
    {
        if (clean.Length == 0) return;
        clean.CopyTo(_accelerator.DefaultStream, noisy);
        _items(batch, clean, steps ?? ArrayView<float>.Empty, noisy, drums, length, steps is null ? 0 : 1, noise);
    }

    // Thread b: item b of clean [B, 3D, T] -> the changed cells of noisy [B, 3D, T] over its first steps[b] steps
    public static void Item(Index1D b, ArrayView<float> clean, ArrayView<float> steps, ArrayView<float> noisy,
        int drums, int length, int stepsGiven, DrumHitNoise noise)
    {
        int valid = stepsGiven != 0 ? DrumHitNoiseShapes.ValidSteps(steps[b], length) : length;
        noise.Apply(new ViewGridValues(clean), new ViewGridValues(noisy), 3L * drums * length * b, drums, length,
            valid, b);
    }
}
