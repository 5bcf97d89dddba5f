using System.Numerics.Tensors;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Training.Optimization;
using TcnWtaNative.Training.Revival;
using Tensor = TcnWtaNative.Engine.Tensor;

namespace TcnWtaNative.Tests.Training.Revival;

/// <summary>Revival on a model built so that one atom can never win.</summary>
public class DeadAtomRevivalTests
{
    private static readonly AutoencoderConfig Config = new() { InputChannels = 2, Atoms = 3, FrameLength = 2,
        TopK = 1 };
    private const int NeverWins = 2;

    // four non-negative one-frame items [2, 2]; the encoder's filters 0 and 1 are small and positive, filter 2
    // negative, so atom 2 never wins while atoms 0 and 1 reconstruct the items poorly, some worse than others
    private sealed class Rig : IDisposable
    {
        public readonly CpuBackend Backend = new();
        public readonly Autoencoder Model;
        public readonly AdamOptimizer Optimizer;
        public readonly SignalSet Items = new(2, 2);
        public readonly int[] All = [0, 1, 2, 3];
        public readonly Tensor Batch;

        public Rig(AutoencoderConfig? config = null)
        {
            Model = new Autoencoder(config ?? Config, Backend, seed: 3);
            Backend.Upload([0.1f, 0.1f, 0, 0, 0, 0, 0.1f, 0.1f, -1, -1, -1, -1], Model.EncoderWeight.Value);
            Optimizer = new AdamOptimizer(Backend, Model.Parameters,
                new AdamSettings(1e-3f, 0.9f, 0.999f, 1e-8f, 0, Decoupled: true));
            foreach (var item in new float[][] { [1, 0, 0, 0], [0, 0.5f, 0.2f, 0], [0.9f, 0.8f, 0.7f, 1],
                [0, 0, 0, 0.3f] }) Items.Add(item);
            Batch = Tensor.FromHost(Backend, Items.Gather(All).Values, Items.Count, 2, 2);
        }

        public DeadAtomRevival Revival(int? reviveAfter, bool unitNormAtoms = false, AtomActivity? activity = null)
            => new(Model, Optimizer, reviveAfter, unitNormAtoms, seed: 1, activity ?? AtomActivity.Start(3));

        public void Dispose()
        {
            Batch.Dispose();
            Optimizer.Dispose();
            Model.Dispose();
            Backend.Dispose();
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void AnAtomThatNeverWinsIsRevivedAfterTheSetEpochsFromTheWorstFrameAndThenWinsOnIt(bool unitNormAtoms)
    {
        using var rig = new Rig();
        var (backend, model, optimizer, items, all, batch) = (rig.Backend, rig.Model, rig.Optimizer, rig.Items, rig.All,
            rig.Batch);
        var ones = Enumerable.Repeat(1f, model.Parameters.TotalCount).ToArray();
        optimizer.Restore(5, ones, ones);   // old statistics everywhere, so zeroed rows are seen
        var step = new TrainingStep(model, optimizer, unitNormAtoms: unitNormAtoms);
        using var revival = rig.Revival(reviveAfter: 2, unitNormAtoms);

        var epochs = new List<AtomEpoch>();
        int worstItem = -1;
        float usedNorm = 0;
        for (int epoch = 0; epoch < 2; epoch++)
        {
            step.Run(batch);
            worstItem = WorstItem(backend, items, model.Reconstruction);
            usedNorm = unitNormAtoms ? 1f : (AtomNorm(model, 0) + AtomNorm(model, 1)) / 2;
            revival.AfterStep(batch, all, null);
            epochs.Add(revival.EndEpoch(epoch, items));
        }

        Assert.That(epochs, Is.EqualTo(new[] { new AtomEpoch(2, 0), new AtomEpoch(2, 1) }),
            "atom 2 never wins, and dies after two epochs");
        var frame = items.Gather([worstItem]).Values;
        float norm = TensorPrimitives.Norm(frame);
        var expectedAtom = frame.Select(v => v * usedNorm / norm).ToArray();
        var atoms = new float[model.Atoms.Count];
        backend.Download(model.Atoms.Value, atoms);
        Assert.That(atoms.AsSpan(NeverWins * 4, 4).ToArray(), Is.EqualTo(expectedAtom).Within(1e-6f),
            "atom 2 is the worst-reconstructed frame at the used atoms' norm");
        var code = model.Encode(frame, 2);
        Assert.That((code[0, 0], code[1, 0]), Is.EqualTo((0f, 0f)), "the revived atom wins its frame");
        Assert.That(code[NeverWins, 0], Is.EqualTo(norm / usedNorm).Within(1e-5f), "it codes its frame exactly");

        var (first, second) = (new float[ones.Length], new float[ones.Length]);
        backend.Download(optimizer.FirstMoment, first);
        backend.Download(optimizer.SecondMoment, second);
        var (atomRows, filterRows) = AtomRows.Ranges(model, NeverWins);
        foreach (var moment in new[] { first, second })
        {
            Assert.That(moment.AsSpan(atomRows.Offset, atomRows.Count).ToArray(), Is.All.EqualTo(0f),
                "the atom's Adam moments are reset");
            Assert.That(moment.AsSpan(filterRows.Offset, filterRows.Count).ToArray(), Is.All.EqualTo(0f),
                "the filter's Adam moments are reset");
            Assert.That(moment.AsSpan(AtomRows.Ranges(model, 0).Atom.Offset, atomRows.Count).ToArray(),
                Has.All.GreaterThan(0f), "other atoms keep theirs");
        }
    }

    [Test]
    public void UnderTheHitsLossARevivedAtomIsItsFrameWithHitsAsLogitsUnscaled()
    {
        var config = Config with { Loss = LossKind.Hits, HitChannels = 1 };
        using var rig = new Rig(config);
        var step = new TrainingStep(rig.Model, rig.Optimizer);
        using var revival = rig.Revival(reviveAfter: 1);

        step.Run(rig.Batch);
        int worstItem = WorstItem(rig.Backend, rig.Items, rig.Model.Reconstruction);
        revival.AfterStep(rig.Batch, rig.All, null);
        Assert.That(revival.EndEpoch(0, rig.Items), Is.EqualTo(new AtomEpoch(2, 1)));

        var atoms = new float[rig.Model.Atoms.Count];
        rig.Backend.Download(rig.Model.Atoms.Value, atoms);
        var expected = AtomRows.AsAtom(config, rig.Items.Gather([worstItem]).Values);
        Assert.That(atoms.AsSpan(NeverWins * 4, 4).ToArray(), Is.EqualTo(expected).Within(1e-6f),
            "the hit row as logits (1 -> +4, 0 -> -4, 0.5 -> 0), the value row as in the frame, no rescaling");
    }

    [Test]
    public void AtTheEndOfTheRunsLastEpochADeadAtomIsCountedNotRevivedAndAResumeRevivesItFirst()
    {
        using var rig = new Rig();
        var (backend, model, items, all, batch) = (rig.Backend, rig.Model, rig.Items, rig.All, rig.Batch);
        using var revival = rig.Revival(reviveAfter: 1);
        model.Forward(batch);
        revival.AfterStep(batch, all, null);
        var before = new float[model.Parameters.TotalCount];
        backend.Download(model.Parameters.Values, before);

        Assert.That(revival.EndEpoch(0, items, lastEpoch: true), Is.EqualTo(new AtomEpoch(2, 0)));
        var after = new float[before.Length];
        backend.Download(model.Parameters.Values, after);
        Assert.That(after, Is.EqualTo(before), "no atom re-seeded");
        var saved = revival.Snapshot();
        Assert.That(saved.UnusedEpochs, Is.EqualTo(new[] { 0, 0, 1 }), "atom 2 counted as dead");
        Assert.That((saved.RevivalDeferred, saved.Wins.Sum() > 0, saved.WorstFrames.Length > 0), Is.EqualTo(
            (true, true, true)), "the epoch's wins and frames kept for the resume");

        using var resumed = rig.Revival(reviveAfter: 1, activity: saved);
        resumed.ReviveDeferred(0, items);
        backend.Download(model.Parameters.Values, after);
        Assert.That(after, Is.Not.EqualTo(before), "the resume re-seeds atom 2 before its first step");
        var started = resumed.Snapshot();
        Assert.That((started.RevivalDeferred, started.Wins, started.UnusedEpochs, started.UncountedRevived),
            Is.EqualTo((false, new long[3], new[] { 0, 0, 0 }, 1)), "a fresh epoch's count, one revived to count");
        resumed.ReviveDeferred(0, items);
        Assert.That(resumed.Snapshot().UncountedRevived, Is.EqualTo(1), "revived once");

        using var stoppedAndResumed = rig.Revival(reviveAfter: 1, activity: started);
        model.Forward(batch);
        stoppedAndResumed.AfterStep(batch, all, null);
        Assert.That(stoppedAndResumed.EndEpoch(1, items).Revived, Is.GreaterThanOrEqualTo(1),
            "counted by the epoch it ends, through a checkpoint taken before that");
        Assert.That(stoppedAndResumed.Snapshot().UncountedRevived, Is.Zero);
    }

    [Test]
    public void WithoutAReviveSettingOnlyTheUsageIsCounted()
    {
        using var rig = new Rig();
        var (backend, model, items, all, batch) = (rig.Backend, rig.Model, rig.Items, rig.All, rig.Batch);
        using var revival = rig.Revival(reviveAfter: null);
        var before = new float[model.Parameters.TotalCount];
        backend.Download(model.Parameters.Values, before);

        for (int epoch = 0; epoch < 3; epoch++)
        {
            model.Forward(batch);
            revival.AfterStep(batch, all, null);
            Assert.That(revival.EndEpoch(epoch, items), Is.EqualTo(new AtomEpoch(2, 0)));
        }

        var after = new float[before.Length];
        backend.Download(model.Parameters.Values, after);
        Assert.That(after, Is.EqualTo(before));
        Assert.That(revival.Snapshot().UnusedEpochs, Is.EqualTo(new[] { 0, 0, 3 }));
    }

    [Test]
    public void TheSnapshotHoldsTheEpochsWinsSoFar()
    {
        using var rig = new Rig();
        var (backend, model, items, all, batch) = (rig.Backend, rig.Model, rig.Items, rig.All, rig.Batch);
        model.Forward(batch);
        var mask = model.CodeMask.ToHost(backend);
        var expected = Enumerable.Range(0, 3)
            .Select(n => (long)Enumerable.Range(0, items.Count).Sum(b => mask[b * 3 + n])).ToArray();

        using var revival = rig.Revival(reviveAfter: 1);
        revival.AfterStep(batch, all, null);
        revival.AfterStep(batch, all, null);
        var snapshot = revival.Snapshot();

        Assert.That(snapshot.Wins, Is.EqualTo(expected.Select(w => 2 * w).ToArray()));
        Assert.That(snapshot.Wins.Sum(), Is.EqualTo(2 * items.Count), "one winner per column at k = 1");
        Assert.That(snapshot.WorstFrames, Has.Length.EqualTo(3),
            "every atom may die after one epoch, so three frames are ranked");
        using var resumed = rig.Revival(reviveAfter: 1, activity: snapshot);
        Assert.That(resumed.Snapshot(), Is.EqualTo(snapshot));
    }

    private static float AtomNorm(Autoencoder model, int atom)
    {
        var atoms = new float[model.Atoms.Count];
        model.Backend.Download(model.Atoms.Value, atoms);
        return TensorPrimitives.Norm(atoms.AsSpan(atom * 4, 4));
    }

    // the item whose frame the reconstruction [B, 2, 2] misses by the largest squared error
    private static int WorstItem(IComputeBackend backend, SignalSet items, Tensor reconstruction)
    {
        var y = reconstruction.ToHost(backend);
        var x = items.Gather(Enumerable.Range(0, items.Count).ToArray()).Values;
        return Enumerable.Range(0, items.Count)
            .MaxBy(b => Enumerable.Range(b * 4, 4).Sum(i => (y[i] - x[i]) * (y[i] - x[i])));
    }
}
