using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// <see cref="IComputeBackend.UnionDecode"/> on every backend (scalar, SIMD CPU, ILGPU's CPU accelerator) against a
/// plain loop written here: per frame and output value, the entry with the largest g · hit at the value's hit cell
/// (earliest on ties, unused entries skipped) gives g · atom. A hand-made case pins the tie rule and an empty frame,
/// and a frame of one entry is the linear decode g · atom. The SIMD CPU backend's vectors over hit cells and its split
/// over cores are checked against the scalar backend's reference loop bit for bit, ties and unused entries included.
/// </summary>
[NonParallelizable]
public sealed class UnionDecodeTests
{
    private static readonly string[] Backends = ["scalar", "cpu", "ilgpu-cpu"];

    private static float[] Run(string name, int frames, int entries, int atoms, int frameSize, int hitCells,
        float[] code, float[] dictionary)
    {
        if (name == "ilgpu-cpu")
            return RunOn(IlgpuTestDevice.Backend, frames, entries, atoms, frameSize, hitCells, code, dictionary);
        using IComputeBackend backend = name == "scalar" ? new ScalarBackend() : new CpuBackend();
        return RunOn(backend, frames, entries, atoms, frameSize, hitCells, code, dictionary);
    }

    private static float[] RunOn(IComputeBackend backend, int frames, int entries, int atoms, int frameSize,
        int hitCells, float[] code, float[] dictionary)
    {
        using var c = backend.Allocate(code.Length);
        using var d = backend.Allocate(dictionary.Length);
        using var output = backend.Allocate(frames * frameSize);
        backend.Upload(code, c);
        backend.Upload(dictionary, d);
        backend.UnionDecode(frames, entries, atoms, frameSize, hitCells, c, d, output);
        var result = new float[frames * frameSize];
        backend.Download(output, result);
        return result;
    }

    // the plain loop: output value (f, r) from the entry with the largest g · dictionary[n, r mod H]
    private static float[] Reference(int frames, int entries, int frameSize, int hitCells, float[] code,
        float[] dictionary)
    {
        var output = new float[frames * frameSize];
        for (int f = 0; f < frames; f++)
            for (int r = 0; r < frameSize; r++)
            {
                int cell = r % hitCells, best = -1;
                float bestHit = float.NegativeInfinity;
                for (int e = 0; e < entries; e++)
                {
                    int atom = (int)code[2 * (f * entries + e)];
                    float gain = code[2 * (f * entries + e) + 1];
                    if (atom >= 0 && gain * dictionary[atom * frameSize + cell] > bestHit)
                        (best, bestHit) = (e, gain * dictionary[atom * frameSize + cell]);
                }
                if (best >= 0)
                    output[f * frameSize + r] = code[2 * (f * entries + best) + 1]
                        * dictionary[(int)code[2 * (f * entries + best)] * frameSize + r];
            }
        return output;
    }

    [Test]
    public void EachValueComesFromTheEntryWithTheLargestGainTimesHit([ValueSource(nameof(Backends))] string backend,
        [Values(1, 2, 3)] int entries)
    {
        const int frames = 30, atoms = 9, hitCells = 9 * 8, frameSize = 27 * 8;
        var random = new Random(11 + entries);
        var dictionary = Enumerable.Range(0, atoms * frameSize).Select(_ => (float)(random.NextDouble() - 0.3))
            .ToArray();
        var code = new float[2 * frames * entries];
        for (int slot = 0; slot < frames * entries; slot++)
            (code[2 * slot], code[2 * slot + 1]) = random.NextDouble() < 0.2 ? (-1f, 0f)
                : (random.Next(atoms), (float)(0.5 + 1.5 * random.NextDouble()));

        var output = Run(backend, frames, entries, atoms, frameSize, hitCells, code, dictionary);

        Assert.That(output, Is.EqualTo(Reference(frames, entries, frameSize, hitCells, code, dictionary)));
    }

    [Test]
    public void TheSimdCpuBackendIsTheReferenceLoopBitForBit([Values(1, 2, 3)] int entries,
        [Values(3, 27, 72)] int hitCells, [Values(1, 999)] int frames)
    {
        // few distinct values make ties common; 999 frames are no whole number of work items or vectors per worker,
        // 27 hit cells no whole number of vectors, and 3 fewer than a vector's lanes
        const int atoms = 7;
        int frameSize = 3 * hitCells;
        var random = new Random(hitCells * 10 + entries);
        var dictionary = Enumerable.Range(0, atoms * frameSize).Select(_ => random.Next(-2, 5) * 0.25f).ToArray();
        var code = new float[2 * frames * entries];
        for (int slot = 0; slot < frames * entries; slot++)
            (code[2 * slot], code[2 * slot + 1]) = random.Next(4) == 0 ? (-1f, 0f)
                : (random.Next(atoms), random.Next(1, 3) * 0.5f);

        var simd = Run("cpu", frames, entries, atoms, frameSize, hitCells, code, dictionary);
        var reference = Run("scalar", frames, entries, atoms, frameSize, hitCells, code, dictionary);

        Assert.That(simd.Select(BitConverter.SingleToInt32Bits),
            Is.EqualTo(reference.Select(BitConverter.SingleToInt32Bits)));
    }

    [Test]
    public void TiesGoToTheEarlierEntryAndAnEmptyFrameIsZero([ValueSource(nameof(Backends))] string backend)
    {
        // two atoms of one hit cell and one velocity row, S = 2, H = 1: equal g · hit (0.5), different velocities
        float[] dictionary = [1f, 0.2f, 0.5f, 0.9f];
        float[] code = [1, 1f, 0, 0.5f, /* empty: */ -1, 0f, -1, 0f, /* one entry: */ 0, 2f, -1, 0f];

        var output = Run(backend, 3, 2, 2, 2, 1, code, dictionary);

        Assert.That(output, Is.EqualTo(new[] { 0.5f, 0.9f, 0f, 0f, 2f, 0.4f }),
            "atom 1 listed first wins the tie; nothing decodes to zero; one entry is g · atom");
    }
}
