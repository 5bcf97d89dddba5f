using System.Numerics.Tensors;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Training.Optimization;
using Tensor = TcnWtaNative.Engine.Tensor;

namespace TcnWtaNative.Training.Revival;

/// <summary>The atoms of one epoch: how many won at least once, and how many were revived at its end.</summary>
public sealed record AtomEpoch(int Used, int Revived);

/// <summary>
/// Per-epoch atom usage and dead-atom revival. After every training step the code mask's wins are counted per atom on
/// the backend; in an epoch where an atom may die (reviveAfter - 1 unused epochs behind it), the step's frames are also
/// ranked by squared reconstruction error, keeping as many as there are such atoms. At the end of the epoch an atom
/// without a win for reviveAfter consecutive epochs is dead, and the dead atoms (in index order) are re-seeded from the
/// worst frames (worst first, one frame per atom, frames of all zeros passed over) as <see cref="AtomRows"/> seeds
/// them: W_dec[n] = the frame, W_enc[n] = W_dec[n] / |W_dec[n]|² without a TCN, or redrawn at its initialization scale
/// with one (the filter sees the TCN's features, not the frame), and Adam's moments of both rows set to zero. The frame
/// is scaled to the mean norm of the atoms that won in the epoch (to 1 with unit-norm atoms): a raw frame codes to 1 on
/// itself, which loses to trained atoms whose codes are larger, so the revived atom would stay dead. With reviveAfter
/// null only the usage is counted. Padding columns of variable-length batches count as wins too.
/// </summary>
public sealed class DeadAtomRevival : IDisposable
{
    private readonly Autoencoder _model;
    private readonly AdamOptimizer _optimizer;
    private readonly int? _reviveAfter;
    private readonly bool _unitNormAtoms;
    private readonly int _seed;
    private readonly AtomWinCounter _wins;
    private readonly FrameErrors _errors;
    private readonly int[] _unusedEpochs;
    private WorstFrameRanking _worst;
    private bool _revivalDeferred;
    private int _uncountedRevived;

    /// <summary>Continues from activity (<see cref="AtomActivity.Start"/> for a new run).</summary>
    public DeadAtomRevival(Autoencoder model, AdamOptimizer optimizer, int? reviveAfter, bool unitNormAtoms, int seed,
        AtomActivity activity)
    {
        int atoms = model.Config.Atoms;
        if (activity.Wins.Length != atoms || activity.UnusedEpochs.Length != atoms)
            throw new ArgumentException(
                $"the saved atom activity holds {activity.Wins.Length} atoms, the model has {atoms}");
        (_model, _optimizer, _reviveAfter, _unitNormAtoms, _seed) = (model, optimizer, reviveAfter, unitNormAtoms,
            seed);
        _wins = new AtomWinCounter(model.Backend, activity.Wins);
        _errors = new FrameErrors(model.Backend);
        _unusedEpochs = (int[])activity.UnusedEpochs.Clone();
        _revivalDeferred = activity.RevivalDeferred;
        _uncountedRevived = activity.UncountedRevived;
        _worst = new WorstFrameRanking(_revivalDeferred ? activity.WorstFrames.Length : AtomsThatMayDie(),
            activity.WorstFrames);
    }

    /// <summary>
    /// After a training step on batch [B, C, T] of training items (one per row): counts its wins, ranks its frames when
    /// needed.
    /// </summary>
    public void AfterStep(Tensor batch, IReadOnlyList<int> items, IReadOnlyList<int>? validLengths)
    {
        _wins.Count(_model.CodeMask);
        if (_worst.Capacity == 0) return;
        var errors = _errors.Of(batch, _model.Reconstruction, _model.Config.FrameLength);
        _worst.Offer(errors, items, _model.Config.FrameLength, validLengths);
    }

    /// <summary>
    /// Ends epoch (from 0): updates the unused-epoch counts, revives the dead atoms from train's frames, starts the
    /// next count. At the end of the run's <paramref name="lastEpoch"/> the dead atoms are counted but not re-seeded:
    /// no step would train them, so a revived atom would enter the saved model as a raw frame and its filter untrained
    /// (groove-denoise with <c>--revive-atoms 2</c> revived 82 atoms there: its final validation loss was 0.087, and
    /// 0.028 without that last revival). The epoch's wins and frames are kept in the <see cref="Snapshot"/>, and a run
    /// resumed for more epochs revives them first (<see cref="ReviveDeferred"/>), so its model after the resume's
    /// epochs is the model of one uninterrupted run. The atoms revived count those that resume revived first, in the
    /// first epoch it ends.
    /// </summary>
    public AtomEpoch EndEpoch(int epoch, IBatchSource train, bool lastEpoch = false)
    {
        var wins = _wins.Read();
        for (int n = 0; n < wins.Length; n++) _unusedEpochs[n] = wins[n] > 0 ? 0 : _unusedEpochs[n] + 1;
        int used = wins.Count(count => count > 0), revivedBefore = _uncountedRevived;
        _uncountedRevived = 0;
        if (lastEpoch && _reviveAfter is int last && _unusedEpochs.Any(unused => unused >= last))
        {
            _revivalDeferred = true;
            return new AtomEpoch(used, revivedBefore);
        }
        int revived = _reviveAfter is int after ? Revive(after, epoch, train, wins) : 0;
        StartCount();
        return new AtomEpoch(used, revivedBefore + revived);
    }

    /// <summary>
    /// Before a resumed run's first step: the revival its last session deferred at the end of epoch
    /// <paramref name="epoch"/> (from 0), from that epoch's wins and frames, its atoms counted by the next
    /// <see cref="EndEpoch"/> (and kept in the <see cref="Snapshot"/> until then, should the session stop first).
    /// </summary>
    public void ReviveDeferred(int epoch, IBatchSource train)
    {
        if (!_revivalDeferred || _reviveAfter is not int after) return;
        _uncountedRevived += Revive(after, epoch, train, _wins.Read());
        _revivalDeferred = false;
        StartCount();
    }

    // the next epoch's wins and frame ranking
    private void StartCount()
    {
        _wins.Reset();
        _worst = new WorstFrameRanking(AtomsThatMayDie());
    }

    /// <summary>
    /// The state to save: the epoch's wins so far, the unused-epoch counts, the frames ranked so far (or those of the
    /// last epoch, with its revival deferred).
    /// </summary>
    public AtomActivity Snapshot()
        => new(_wins.Read(), (int[])_unusedEpochs.Clone(), [.. _worst.Frames], _revivalDeferred, _uncountedRevived);

    private int Revive(int after, int epoch, IBatchSource train, long[] wins)
    {
        if (!_unusedEpochs.Any(unused => unused >= after)) return 0;
        var frames = _worst.Frames;
        float norm = _unitNormAtoms ? 1f : UsedAtomNorm(wins);
        int revived = 0, next = 0;
        for (int atom = 0; atom < _unusedEpochs.Length; atom++)
        {
            if (_unusedEpochs[atom] < after) continue;
            float[]? frame = null;
            while (frame is null && next < frames.Count) frame = ScaledFrame(train, frames[next++], norm);
            if (frame is null) break;
            Seed(atom, frame, epoch);
            _unusedEpochs[atom] = 0;
            revived++;
        }
        return revived;
    }

    // the frame [C*K] a ranked frame names, scaled to the norm; null when it is all zeros. Under the hits loss the
    // atoms' hit rows are logits, whose norm says nothing about a frame's: the frame is kept as it is and enters as
    // logits
    private float[]? ScaledFrame(IBatchSource train, WorstFrame ranked, float norm)
    {
        var frame = train.Gather([ranked.Item]).Frame(0, ranked.Start, _model.Config.FrameLength);
        float own = TensorPrimitives.Norm(frame);
        if (own == 0) return null;
        if (_model.Config.Loss != LossKind.Hits) TensorPrimitives.Multiply(frame, norm / own, frame);
        return frame;
    }

    // the mean L2 norm of the atoms W_dec[n] that won in the epoch (1 when none did)
    private float UsedAtomNorm(long[] wins)
    {
        var atoms = new float[_model.Atoms.Count];
        _model.Backend.Download(_model.Atoms.Value, atoms);
        int size = atoms.Length / wins.Length;
        var norms = Enumerable.Range(0, wins.Length).Where(n => wins[n] > 0)
            .Select(n => TensorPrimitives.Norm(atoms.AsSpan(n * size, size))).ToList();
        return norms.Count > 0 ? norms.Average() : 1f;
    }

    private void Seed(int atom, float[] frame, int epoch)
    {
        if (_model.Config.TcnWidths.Length == 0) AtomRows.SeedFromFrame(_model, atom, frame);
        else
        {
            AtomRows.WriteAtom(_model, atom, AtomRows.AsAtom(_model.Config, frame));
            AtomRows.DrawFilter(_model, atom, new Random(unchecked((_seed * 1_000_003 + epoch) * 8_191 + atom)));
        }
        var (atomRows, filterRows) = AtomRows.Ranges(_model, atom);
        _optimizer.ResetMoments(atomRows.Offset, atomRows.Count);
        _optimizer.ResetMoments(filterRows.Offset, filterRows.Count);
    }

    // atoms that die at the end of this epoch if they do not win in it
    private int AtomsThatMayDie() => _reviveAfter is int after ? _unusedEpochs.Count(unused => unused >= after - 1) : 0;

    public void Dispose()
    {
        _wins.Dispose();
        _errors.Dispose();
    }
}
