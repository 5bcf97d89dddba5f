using TcnWtaNative.Engine;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Tests.TrainingTests;

public class BatchingTests
{
    // two pieces [3, 21] and [3, 40] with values that differ everywhere
    private static readonly int[] Lengths = [21, 40];
    private static float[] Piece(int index)
        => [.. Enumerable.Range(0, 3 * Lengths[index]).Select(i => MathF.Sin(i * 0.37f + index) * 0.8f)];

    [Test]
    public void AVariableLengthBatchIsPaddedNeverTruncated()
    {
        var set = new VariableLengthSet(3, Lengths, Piece);
        var batch = set.Gather([0, 1]);

        Assert.That((batch.Batch, batch.Channels, batch.Length), Is.EqualTo((2, 3, 40)));
        Assert.That(batch.ValidLengths, Is.EqualTo(new[] { 21, 40 }));
        Assert.That(batch.ValidValues, Is.EqualTo(3 * (21 + 40)));
        for (int c = 0; c < 3; c++)
        {
            Assert.That(batch.Values.AsSpan(c * 40, 21).ToArray(), Is.EqualTo(Piece(0).AsSpan(c * 21, 21).ToArray()));
            Assert.That(batch.Values.AsSpan(c * 40 + 21, 19).ToArray(), Is.All.EqualTo(0f), "padding is zeros");
            Assert.That(batch.Values.AsSpan((3 + c) * 40, 40).ToArray(),
                Is.EqualTo(Piece(1).AsSpan(c * 40, 40).ToArray()));
        }
        Assert.That(set.Gather([1]).ValidLengths, Is.Null, "a batch of one needs no mask");
    }

    [Test]
    public void APaddedBatchHasTheLossOfItsPiecesAlone()
    {
        using var backend = new CpuBackend();
        var config = new AutoencoderConfig { InputChannels = 3, Atoms = 6, FrameLength = 8, TcnWidths = [4],
            TcnKernel = 3, TopK = 2 };
        using var model = new Autoencoder(config, backend, seed: 11);
        var set = new VariableLengthSet(3, Lengths, Piece);

        double Loss(HostBatch batch)
        {
            using var input = Tensor.FromHost(backend, batch.Values, batch.Batch, batch.Channels, batch.Length);
            model.Forward(input, batch.ValidLengths);
            return model.ComputeLoss();
        }

        double alone0 = Loss(set.Gather([0])), alone1 = Loss(set.Gather([1]));
        double together = Loss(set.Gather([0, 1]));
        double expected = (alone0 * 21 + alone1 * 40) / 61;   // the mean over every valid value of both pieces

        Assert.That(alone0, Is.Not.EqualTo(alone1).Within(1e-3),
            "the pieces must differ for the test to mean anything");
        Assert.That(together, Is.EqualTo(expected).Within(1e-6 * expected));
    }

    [Test]
    public void BatchPlansCoverEveryItemOnceAndShuffleBySeedUnlessOneBatchHoldsTheSet()
    {
        var plan = BatchPlan.Of(10, 4, new Random(3));
        Assert.That(plan.Select(batch => batch.Length), Is.EqualTo(new[] { 4, 4, 2 }));
        Assert.That(plan.SelectMany(batch => batch).Order(), Is.EqualTo(Enumerable.Range(0, 10)));
        Assert.That(BatchPlan.Of(10, 4, new Random(3)).SelectMany(batch => batch),
            Is.EqualTo(plan.SelectMany(batch => batch)));
        Assert.That(BatchPlan.Of(10, 0, null), Has.Count.EqualTo(1), "batch size 0 is the whole set as one batch");
        Assert.That(BatchPlan.Of(10, 0, null)[0], Is.EqualTo(Enumerable.Range(0, 10)),
            "without a shuffle the order is kept");
        Assert.That(plan.SelectMany(batch => batch), Is.Not.EqualTo(Enumerable.Range(0, 10)),
            "batches of part of the set are shuffled");
        foreach (int wholeSet in new[] { 0, 10, 11 })
            Assert.That(BatchPlan.Of(10, wholeSet, new Random(3)).Single(), Is.EqualTo(Enumerable.Range(0, 10)),
                $"a batch of size {wholeSet} holds the whole set, in its order, shuffle or not");
    }
}
