using System.Numerics.Tensors;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Initialization;

namespace TcnWtaNative.Tests.Training.Initialization;

public class KMeansSeededAtomsTests
{
    private static readonly AutoencoderConfig Config = new() { InputChannels = 2, Atoms = 3, FrameLength = 2,
        TopK = 1 };
    private static readonly float[][] Centres = [[1, 0, 0, 0], [0, 0, 2, 0], [0, 1, 0, 1]];

    // frames [2*2] scattered tightly around three centres, several copies each
    private static List<float[]> ClusteredFrames()
        => [.. Enumerable.Range(0, 30)
            .Select(i => Centres[i % 3].Select((v, j) => v + 0.01f * ((i + j) % 5 - 2)).ToArray())];

    [Test]
    public void AtomsAreCentroidDirectionsOfOneNormAndEachFrameDecodesToItsProjection()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Config, backend, seed: 1);
        var frames = ClusteredFrames();

        KMeansSeededAtoms.Apply(model, frames, seed: 2);

        var atoms = new float[model.Atoms.Count];
        backend.Download(model.Atoms.Value, atoms);
        var filters = new float[model.EncoderWeight.Count];
        backend.Download(model.EncoderWeight.Value, filters);
        float meanNorm = Centres.Average(c => TensorPrimitives.Norm<float>(c));
        Assert.That(filters, Is.EqualTo(atoms.Select(a => a / (meanNorm * meanNorm))).Within(1e-5f),
            "filters tied to the atoms");
        var matched = new List<int>();
        for (int n = 0; n < 3; n++)
        {
            var atom = atoms.AsSpan(n * 4, 4).ToArray();
            Assert.That(TensorPrimitives.Norm<float>(atom), Is.EqualTo(meanNorm).Within(0.01f),
                "every atom has the centroids' mean norm");
            matched.Add(Enumerable.Range(0, 3).MaxBy(c => TensorPrimitives.CosineSimilarity<float>(atom, Centres[c])));
            Assert.That(TensorPrimitives.CosineSimilarity<float>(atom, Centres[matched[^1]]), Is.GreaterThan(0.999f));
        }
        Assert.That(matched, Is.EquivalentTo(new[] { 0, 1, 2 }), "one atom per cluster");
        for (int c = 0; c < 3; c++)
        {
            var centre = Centres[c];
            var (reconstruction, _) = model.Reconstruct(centre, 2);
            Assert.That(reconstruction, Is.EqualTo(centre).Within(0.03f),
                "a centre decodes to (nearly) itself: its projection on its own atom");
        }
    }

    [Test]
    public void FewerFramesThanAtomsIsAClearError()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Config, backend, seed: 1);
        Assert.That(() => KMeansSeededAtoms.Apply(model, [new float[4], new float[4]], seed: 1),
            Throws.ArgumentException.With.Message.Contains("at least as many frames"));
    }
}
