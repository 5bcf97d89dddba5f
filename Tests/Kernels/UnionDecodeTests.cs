using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// <see cref="IComputeBackend.UnionDecode"/> on every backend (scalar, SIMD CPU, ILGPU's CPU accelerator) against a
/// plain loop written here: per frame and output value, the entry with the largest g · h at the value's hit cell
/// (earliest on ties, unused entries skipped) lights the cell where g · h is above 0.5: 1 on the hit row and the
/// atom's value over h (clamped) on the other rows; a dark cell is 0 on every row. Hand-made cases pin the tie rule,
/// an empty frame, the hit grid against the former g · h and g · atom, and the clamps. The SIMD CPU backend's vectors
/// over hit cells and its split over cores are checked against the scalar backend's reference loop bit for bit, ties,
/// unused entries and clamped values included.
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

    // the plain loop: output value (f, r) from the entry with the largest g · h, h = dictionary[n, r mod H]: where
    // g · h lights the cell, 1 on a hit row, else the atom's value over h in [0, 1] (a velocity row, H <= r < 2H) or
    // [-1, 1] (below); 0 where it does not
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
                if (best < 0) continue;
                float g = code[2 * (f * entries + best) + 1];
                int start = (int)code[2 * (f * entries + best)] * frameSize;
                float value = dictionary[start + r], hit = dictionary[start + cell];
                output[f * frameSize + r] = !(g * hit > 0.5f) ? 0f : r < hitCells ? 1f
                    : Math.Clamp(value / hit, r < 2 * hitCells ? 0f : -1f, 1f);
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
        int lit = Enumerable.Range(0, frames * hitCells)
            .Count(i => output[i / hitCells * frameSize + i % hitCells] > 0.5f);
        Assert.That(lit, Is.InRange(frames, frames * hitCells - frames), "many lit cells and many dark ones");
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
        // two atoms of one hit cell and one velocity row, S = 2, H = 1: v / h = 0.2 for atom 0, 0.8 for atom 1; frame 0
        // ties them lit (g · h = 0.8 each), frame 1 is empty, frame 2 has one entry lit at g · h = 2, frame 3 one dark
        // at g · h = 0.4
        float[] dictionary = [1f, 0.2f, 0.5f, 0.4f];
        float[] code = [1, 1.6f, 0, 0.8f, -1, 0f, -1, 0f, 0, 2f, -1, 0f, -1, 0f, 0, 0.4f];

        var output = Run(backend, 4, 2, 2, 2, 1, code, dictionary);

        Assert.That(output, Is.EqualTo(new[] { 1f, 0.8f, 0f, 0f, 1f, 0.2f, 0f, 0f }),
            "atom 1 listed first wins the tie (its v / h = 0.8, not atom 0's 0.2); nothing decodes to zero; one entry "
            + "lit at g · h = 2 is a hit with the atom's own velocity v / h = 0.2, not g · v = 0.4; a dark cell is "
            + "silent, where g · atom would give 0.4 and 0.08");
    }

    [Test]
    public void ALitCellTakesTheAtomsConditionalVelocityAndOffsetWhateverTheGain(
        [ValueSource(nameof(Backends))] string backend)
    {
        // one hit cell, S = 3 (hit, velocity, offset), H = 1: an atom as a mean of frames, P(hit) = 0.8 with velocity
        // 0.75 and offset -0.5 when hit, so h = 0.8, v = 0.6, o = -0.4; decoded at gains 1, 2, 0.5
        float[] dictionary = [0.8f, 0.6f, -0.4f];
        float[] code = [0, 1f, 0, 2f, 0, 0.5f];

        var output = Run(backend, 3, 1, 1, 3, 1, code, dictionary);

        Assert.That(output, Is.EqualTo(new[] { 1f, 0.6f / 0.8f, -0.4f / 0.8f, 1f, 0.6f / 0.8f, -0.4f / 0.8f,
            0f, 0f, 0f }), "lit at g · h = 0.8 and 1.6: a hit (not g · h) with v / h and o / h, where g · atom would "
            + "give 0.6 and 1.2, -0.4 and -0.8; dark at g · h = 0.4: silent, where g · atom would give 0.4, 0.3, "
            + "-0.2");
    }

    [Test]
    public void ConditionalValuesAreClampedToTheirRows([ValueSource(nameof(Backends))] string backend)
    {
        // S = 3, H = 1, lit at g = 1: v / h = 1.5 and -0.25 clamp to [0, 1], o / h = -1.5 and 1.5 to [-1, 1]
        float[] dictionary = [0.6f, 0.9f, -0.9f, 0.8f, -0.2f, 1.2f];
        float[] code = [0, 1f, 1, 1f];

        var output = Run(backend, 2, 1, 2, 3, 1, code, dictionary);

        Assert.That(output, Is.EqualTo(new[] { 1f, 1f, -1f, 1f, 0f, 1f }));
    }
}
