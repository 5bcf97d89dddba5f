namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// <see cref="IComputeBackend.AddDrumHitNoise"/> on all cores: noisy[B, 3D, T] = clean with each item's noise. Every
/// draw hashes its item and cell (<see cref="DrumHitNoise"/>), so items are drawn alone, and runs of them go to the
/// workers (<see cref="HostDrumHitNoise"/>): the noise one item after another draws. Denoising training draws a batch's
/// noise every step (groove-denoise: 256 bars of 9 drums x 16 steps), which on one core took about a tenth of its
/// training. The caller has checked the shapes. Reused per thread, so a draw allocates nothing.
/// </summary>
public sealed class ParallelDrumHitNoise : ParallelJob
{
    private const int RunsPerWorker = 4;
    [ThreadStatic] private static ParallelDrumHitNoise? _forThisThread;
    private CpuBuffer? _clean, _steps, _noisy;
    private DrumHitNoise _noise;
    private int _batch, _drums, _length, _itemsPerRun;

    /// <summary>Draws <paramref name="noise"/> on every item of <paramref name="clean"/> into
    /// <paramref name="noisy"/>, on each item's first steps[b] steps (all of them where <paramref name="steps"/> is
    /// null).</summary>
    public static void Run(int batch, int drums, int length, CpuBuffer clean, CpuBuffer? steps, DrumHitNoise noise,
        CpuBuffer noisy)
    {
        var job = _forThisThread ??= new();
        (job._clean, job._steps, job._noisy, job._noise) = (clean, steps, noisy, noise);
        (job._batch, job._drums, job._length) = (batch, drums, length);
        int runs = Math.Min(batch, RunsPerWorker * CoreWorkers.Active);
        job._itemsPerRun = Math.Max(1, (batch + runs - 1) / Math.Max(1, runs));
        CoreWorkers.Run(job, (batch + job._itemsPerRun - 1) / job._itemsPerRun);
        (job._clean, job._steps, job._noisy) = (null, null, null);
    }

    /// <inheritdoc />
    public override void Run(int index, int worker)
    {
        int first = index * _itemsPerRun, last = Math.Min(_batch, first + _itemsPerRun);
        HostDrumHitNoise.Draw(first, last, _drums, _length, _clean!, _steps, _noise, _noisy!);
    }
}
