using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Initialization;

namespace TcnWtaNative.Tests.Training.Initialization;

public class FrameSeededAtomsTests
{
    private static readonly AutoencoderConfig Config = new() { InputChannels = 2, Atoms = 3, FrameLength = 2,
        TopK = 1 };

    // frames [2*2] in three tight clusters, several copies each
    private static List<float[]> ClusteredFrames()
    {
        float[][] centres = [[1, 0, 0, 0], [0, 0, 2, 0], [0, 1, 0, 1]];
        return [.. Enumerable.Range(0, 30)
            .Select(i => centres[i % 3].Select((v, j) => v + 0.01f * ((i + j) % 5)).ToArray())];
    }

    [Test]
    public void AtomsAreFramesFromEveryClusterAndEachCodesToOneOnItself()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Config, backend, seed: 1);
        var frames = ClusteredFrames();

        FrameSeededAtoms.Apply(model, frames, seed: 4);

        var atoms = new float[model.Atoms.Count];
        backend.Download(model.Atoms.Value, atoms);
        var clusters = Enumerable.Range(0, 3)
            .Select(n => frames.FindIndex(f => f.SequenceEqual(atoms.AsSpan(n * 4, 4).ToArray())) % 3).ToList();
        Assert.That(clusters, Is.EquivalentTo(new[] { 0, 1, 2 }),
            "k-means++ seeding takes one frame from each far-apart cluster");
        for (int n = 0; n < 3; n++)
        {
            var atom = atoms.AsSpan(n * 4, 4).ToArray();
            var code = model.Encode([atom[0], atom[1], atom[2], atom[3]], 2);
            Assert.That(code[n, 0], Is.EqualTo(1f).Within(1e-5f), $"atom {n} codes to 1 on itself");
        }
    }

    [Test]
    public void TooFewFramesOrATcnAreClearErrors()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Config, backend, seed: 1);
        using var withTcn = new Autoencoder(Config with { TcnWidths = [2] }, backend, seed: 1);

        Assert.That(() => FrameSeededAtoms.Apply(model, ClusteredFrames().Take(2).ToList(), 0),
            Throws.ArgumentException.With.Message.Contains("at least as many frames"));
        Assert.That(() => FrameSeededAtoms.Apply(withTcn, ClusteredFrames(), 0),
            Throws.ArgumentException.With.Message.Contains("TCN"));
    }
}
