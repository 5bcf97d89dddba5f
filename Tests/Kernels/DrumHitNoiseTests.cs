using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// <see cref="IComputeBackend.AddDrumHitNoise"/>, denoising training's noise drawn where the batch lives: each item of
/// a batch of drum grids [B, 27, T] gets exactly round(rate × H) extra hits on its empty cells (velocity in [0.3, 0.9),
/// no offset) and loses exactly round(share × H) of its H hits over its valid steps, rounding half to even; quantizing
/// plays every hit left at one velocity on the grid; past an item's end nothing changes. The cells are chosen uniformly
/// (each cell's share over many keys), the draw depends on the key and nothing else, ILGPU's CPU accelerator draws what
/// the host draws (GpuKernelCompilationTests compiles the kernel for GPUs).
/// </summary>
[NonParallelizable]
public sealed class DrumHitNoiseTests
{
    private const int Drums = 9, Length = 16, Size = 3 * Drums * Length;

    // one grid [27, 16] per item: hits where played(item, drum, step), velocity 0.7 and offset 0.2 there
    private static float[] Grids(int items, Func<int, int, int, bool> played)
    {
        var grids = new float[items * Size];
        for (int item = 0; item < items; item++)
            for (int drum = 0; drum < Drums; drum++)
                for (int step = 0; step < Length; step++)
                {
                    if (!played(item, drum, step)) continue;
                    int at = item * Size + drum * Length + step;
                    (grids[at], grids[at + Drums * Length], grids[at + 2 * Drums * Length]) = (1f, 0.7f, 0.2f);
                }
        return grids;
    }

    private static float[] Noisy(IComputeBackend backend, float[] clean, DrumHitNoise noise, float[]? steps = null)
    {
        int items = clean.Length / Size;
        using var input = backend.Allocate(clean.Length);
        using var output = backend.Allocate(clean.Length);
        using var validSteps = steps is null ? null : backend.Allocate(steps.Length);
        backend.Upload(clean, input);
        if (steps is not null) backend.Upload(steps, validSteps!);
        backend.AddDrumHitNoise(items, Drums, Length, input, validSteps, noise, output);
        var result = new float[clean.Length];
        backend.Download(output, result);
        return result;
    }

    private static int HitsOf(float[] grids, int item, int steps = Length)
    {
        int hits = 0;
        for (int drum = 0; drum < Drums; drum++)
            for (int step = 0; step < steps; step++)
                if (grids[item * Size + drum * Length + step] > 0.5f) hits++;
        return hits;
    }

    [Test]
    public void ExtraHitsGoOnEmptyCellsOnlyAtRateTimesTheHitsWithAVelocityAndNoOffset()
    {
        using var backend = new CpuBackend();
        var clean = Grids(4, (item, drum, step) => (drum + step + item) % (item + 3) == 0);

        var noisy = Noisy(backend, clean, new DrumHitNoise(1.5, 0, 0f, Key: 7));

        for (int item = 0; item < 4; item++)
        {
            int before = HitsOf(clean, item);
            Assert.That(HitsOf(noisy, item), Is.EqualTo(before + (int)Math.Round(1.5 * before)), $"item {item}");
        }
        for (int cell = 0; cell < clean.Length; cell++)
        {
            int row = cell / Length % (3 * Drums), hitCell = cell - (row / Drums) * Drums * Length;
            bool wasHit = clean[hitCell] > 0.5f, isHit = noisy[hitCell] > 0.5f;
            if (wasHit || !isHit) Assert.That(noisy[cell], Is.EqualTo(clean[cell]), $"value {cell} kept");
            else if (row < Drums) Assert.That(noisy[cell], Is.EqualTo(1f));
            else if (row < 2 * Drums) Assert.That(noisy[cell], Is.InRange(0.3f, 0.9f), "an extra hit's velocity");
            else Assert.That(noisy[cell], Is.Zero, "an extra hit's offset");
        }
    }

    [Test]
    public void DropsTakeAwayShareTimesTheHitsRoundedHalfToEvenAndAddNothing()
    {
        using var backend = new CpuBackend();
        // 5 and 7 hits: half of them is 2.5 -> 2 and 3.5 -> 4
        var clean = Grids(2, (item, drum, step) => drum == 0 && step < (item == 0 ? 5 : 7));

        var noisy = Noisy(backend, clean, new DrumHitNoise(0, 0.5, 0f, Key: 3));

        Assert.That(new[] { HitsOf(noisy, 0), HitsOf(noisy, 1) }, Is.EqualTo(new[] { 3, 3 }));
        for (int cell = 0; cell < Drums * Length; cell++)
            for (int item = 0; item < 2; item++)
            {
                int at = item * Size + cell;
                if (noisy[at] > 0.5f) Assert.That(clean[at], Is.EqualTo(1f), "a drop adds nothing");
                else if (clean[at] > 0.5f)
                    Assert.That(new[] { noisy[at + Drums * Length], noisy[at + 2 * Drums * Length] },
                        Is.EqualTo(new[] { 0f, 0f }), "a dropped hit leaves no velocity or offset");
            }
    }

    [Test]
    public void QuantizingPlaysEveryHitLeftAtOneVelocityOnTheGrid()
    {
        using var backend = new CpuBackend();
        var clean = Grids(3, (item, drum, step) => (drum * 5 + step) % 4 == item);
        const float velocity = 100f / 127;

        var noisy = Noisy(backend, clean, new DrumHitNoise(1, 0.25, velocity, Key: 1));

        for (int cell = 0; cell < clean.Length; cell++)
        {
            int row = cell / Length % (3 * Drums);
            if (row >= Drums || noisy[cell] < 0.5f) continue;
            Assert.That(noisy[cell + Drums * Length], Is.EqualTo(velocity), $"hit {cell}'s velocity");
            Assert.That(noisy[cell + 2 * Drums * Length], Is.Zero, $"hit {cell}'s offset");
        }
    }

    [Test]
    public void StepsPastAnItemsEndAreLeftAloneAndAnItemOfNoStepsIsNotTouched()
    {
        using var backend = new CpuBackend();
        var clean = Grids(3, (_, drum, step) => (drum + step) % 3 == 0);

        var noisy = Noisy(backend, clean, new DrumHitNoise(2, 0.5, 0f, Key: 9), steps: [10, 0, float.NaN]);

        for (int drum = 0; drum < 3 * Drums; drum++)
            for (int step = 10; step < Length; step++)
                Assert.That(noisy[drum * Length + step], Is.EqualTo(clean[drum * Length + step]));
        Assert.That(HitsOf(noisy, 0, steps: 10), Is.Not.EqualTo(HitsOf(clean, 0, steps: 10)), "the first 10 steps");
        Assert.That(noisy[Size..], Is.EqualTo(clean[Size..]), "0 steps, and NaN read as 0");
    }

    // 2,000 keys: an item of 10 hits on 144 cells gets 10 extra hits a draw, so each of its 134 empty cells expects
    // 149 (sd 12), and with half dropped each hit is dropped 1,000 times (sd 22); velocities average 0.6
    [Test]
    public void EveryEmptyCellIsAsLikelyToBeChosenAndEveryHitAsLikelyToBeDropped()
    {
        using var backend = new CpuBackend();
        var clean = Grids(1, (_, drum, step) => drum == step % Drums && step < 10);
        var (extra, dropped) = (new int[Drums * Length], new int[Drums * Length]);
        double velocities = 0;
        const int keys = 2000;
        for (ulong key = 0; key < keys; key++)
        {
            var noisy = Noisy(backend, clean, new DrumHitNoise(1, 0.5, 0f, key));
            for (int cell = 0; cell < Drums * Length; cell++)
            {
                bool wasHit = clean[cell] > 0.5f, isHit = noisy[cell] > 0.5f;
                if (!wasHit && isHit)
                    (extra[cell], velocities) = (extra[cell] + 1, velocities + noisy[cell + Drums * Length]);
                if (wasHit && !isHit) dropped[cell]++;
            }
        }
        var empty = Enumerable.Range(0, Drums * Length).Where(cell => clean[cell] < 0.5f).ToArray();
        var hits = Enumerable.Range(0, Drums * Length).Where(cell => clean[cell] > 0.5f).ToArray();

        Assert.That(empty.Select(cell => extra[cell]), Has.All.InRange(149 - 60, 149 + 60));
        Assert.That(hits.Select(cell => dropped[cell]), Has.All.InRange(1000 - 110, 1000 + 110));
        Assert.That(velocities / (10.0 * keys), Is.EqualTo(0.6).Within(0.01));
    }

    [Test]
    public void TheDrawDependsOnTheKeyAndEveryBackendDrawsTheSame()
    {
        var clean = Grids(5, (item, drum, step) => (drum * 3 + step + item) % 5 == 0);
        var noise = new DrumHitNoise(1, 0.3, 0f, DrumHitNoise.KeyOf(seed: 4, epoch: 2, batch: 7));
        using var cpu = new CpuBackend();
        using var scalar = new ScalarBackend();

        var drawn = Noisy(cpu, clean, noise);

        Assert.That(Noisy(cpu, clean, noise), Is.EqualTo(drawn), "the same key: the same noise");
        Assert.That(Noisy(scalar, clean, noise), Is.EqualTo(drawn));
        Assert.That(Noisy(IlgpuTestDevice.Backend, clean, noise), Is.EqualTo(drawn).Within(1e-6f),
            "ILGPU's CPU accelerator");
        foreach (var other in new[] { (4, 2, 8), (4, 3, 7), (5, 2, 7) })
        {
            var key = DrumHitNoise.KeyOf(other.Item1, other.Item2, other.Item3);
            Assert.That(Noisy(cpu, clean, noise with { Key = key }), Is.Not.EqualTo(drawn),
                $"(seed, epoch, batch) {other}");
        }
    }

    // the CPU backend hands runs of items to its workers (several items a run here, the last run shorter): the noise
    // the scalar backend draws one item after another, items of every valid length
    [Test]
    public void ABatchDrawnOnAllCoresIsTheBatchDrawnItemByItem()
    {
        const int items = 37;
        var clean = Grids(items, (item, drum, step) => (drum * 5 + step * 3 + item) % 4 == 0);
        var steps = Enumerable.Range(0, items).Select(item => (float)(item % (Length + 1))).ToArray();
        var noise = new DrumHitNoise(1.5, 0.4, 0f, DrumHitNoise.KeyOf(seed: 9, epoch: 1, batch: 3));
        using var cpu = new CpuBackend();
        using var scalar = new ScalarBackend();

        var drawn = Noisy(cpu, clean, noise, steps);

        Assert.That(drawn, Is.Not.EqualTo(clean), "the noise changed nothing");
        Assert.That(drawn, Is.EqualTo(Noisy(scalar, clean, noise, steps)));
        Assert.That(Noisy(cpu, clean, noise), Is.EqualTo(Noisy(scalar, clean, noise)), "every step valid");
    }

    // items trained as their frames (FrameItems: [B, 27, 16] as [B*4, 27, 4]) get, cell for cell, the noise their
    // whole grids get, on every backend, items of every valid length
    [Test]
    public void ItemsLaidOutAsTheirFramesGetTheNoiseOfTheirWholeGrids()
    {
        const int items = 6, frameLength = 4;
        var clean = Grids(items, (item, drum, step) => (drum * 7 + step * 5 + item) % 3 == 0);
        var steps = Enumerable.Range(0, items).Select(item => (float)(Length - 3 * item)).ToArray();
        var noise = new DrumHitNoise(1, 0.3, 0f, DrumHitNoise.KeyOf(seed: 2, epoch: 5, batch: 1));
        var asFrames = noise with { FrameLength = frameLength };
        using var cpu = new CpuBackend();
        using var scalar = new ScalarBackend();
        float[] Split(float[] grids)
        {
            var frames = new float[grids.Length];
            FrameItems.Split(grids, items, 3 * Drums, Length, frameLength, frames);
            return frames;
        }

        foreach (var validSteps in new[] { steps, null })
        {
            string what = validSteps is null ? "every step valid" : "items shorter";
            var whole = Noisy(cpu, clean, noise, validSteps);
            Assert.That(whole, Is.Not.EqualTo(clean), $"{what}: the noise changed nothing");
            var expected = Split(whole);
            Assert.That(Noisy(cpu, Split(clean), asFrames, validSteps), Is.EqualTo(expected), what);
            Assert.That(Noisy(scalar, Split(clean), asFrames, validSteps), Is.EqualTo(expected), what);
            Assert.That(Noisy(IlgpuTestDevice.Backend, Split(clean), asFrames, validSteps),
                Is.EqualTo(expected).Within(1e-6f), $"{what}, ILGPU's CPU accelerator");
        }
    }

    [Test]
    public void ItRefusesNoiseOutOfRangeAndBuffersOfOtherSizes()
    {
        using var backend = new CpuBackend();
        using var grid = backend.Allocate(2 * Size);
        using var shorter = backend.Allocate(Size);
        foreach (var noise in new DrumHitNoise[] { new(-1, 0, 0, 0), new(10.5, 0, 0, 0), new(1, 1.5, 0, 0),
                     new(1, double.NaN, 0, 0), new(1, 0, 2f, 0), new(1, 0, 0, 0, FrameLength: 5),
                     new(1, 0, 0, 0, FrameLength: -4) })
            Assert.That(() => backend.AddDrumHitNoise(2, Drums, Length, grid, null, noise, grid),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("drum hit noise"), $"{noise}");
        var fine = new DrumHitNoise(1, 0, 0, 0);
        Assert.That(() => backend.AddDrumHitNoise(2, Drums, Length, shorter, null, fine, grid),
            Throws.ArgumentException.With.Message.Contains("clean batch"));
        Assert.That(() => backend.AddDrumHitNoise(2, Drums, Length, grid, shorter, fine, grid),
            Throws.ArgumentException.With.Message.Contains("valid steps"));
    }
}
