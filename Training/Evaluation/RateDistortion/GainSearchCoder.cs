using System.Numerics.Tensors;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// A dictionary of K-step atoms [N, C, K] coded by gain search (<see cref="IComputeBackend.ThresholdSearch"/>): each
/// frame of a bar gets one atom n and one real gain g, decoded linearly as g * atom n, and the pair is the one whose
/// hit rows read at the 0.5 threshold differ from the frame's hits in the fewest cells (an empty frame is a choice too,
/// at no cost). The gain is what vector quantization, whose coefficient is fixed at 1, cannot use: g * atom &gt; 0.5
/// lights the atom's cells above 0.5 / g, so one atom stands for a nested family of patterns, sparser and denser
/// versions of one groove. The search runs on each atom's hit rows scaled to a peak of 1, and the gain relative to that
/// peak is capped at <see cref="MaxRelativeGain"/>: a larger gain lights fainter cells but also inflates the atom's
/// velocity and offset rows, which the linear decoder scales with it. One non-zero per frame, so b = T / K per bar.
/// Only for dictionaries whose hit rows are values (MSE or L1 models): under the hits loss sigmoid(g * logit) &gt; 0.5
/// does not depend on g &gt; 0. Not thread-safe.
/// </summary>
public sealed class GainSearchCoder : IBarCoder, IDisposable
{
    /// <summary>
    /// The largest gain, relative to the one that puts the atom's peak hit value at 1: cells below 1 / (2 * this) of
    /// the peak stay dark. Chosen on the validation split (README): without a cap hit F1 rose by under 0.011 while
    /// velocity MAE and MSE grew several-fold; at 1 it fell by up to 0.009.
    /// </summary>
    public const float MaxRelativeGain = 2f;

    private readonly IComputeBackend _backend;
    private readonly float[] _atoms, _peaks;
    private readonly DeviceBuffer _scores, _order;
    private readonly int _atomCount, _channels, _frameLength, _steps;

    private int HitCells => DrumMapping.ClassCount * _frameLength;
    private int FramesPerBar => _steps / _frameLength;

    /// <summary>
    /// A coder over <paramref name="atoms"/> [atomCount, C, K] (Groove channels, hits first) for bars of T = steps.
    /// </summary>
    public GainSearchCoder(string method, IComputeBackend backend, float[] atoms, int atomCount, int channels,
        int frameLength, int steps)
    {
        if (channels != GrooveGrid.Channels)
            throw new ArgumentException(
                $"the gain search codes Groove grids of {GrooveGrid.Channels} channels, got {channels}");
        int size = atomCount * channels * frameLength;
        if (atomCount < 1 || frameLength < 1 || atoms.Length != size)
            throw new ArgumentException(
                $"atoms [{atomCount}, {channels}, {frameLength}] need {size} values, got {atoms.Length}");
        if (steps % frameLength != 0)
            throw new ArgumentException($"atoms of {frameLength} steps do not tile bars of {steps} steps");
        (Method, _backend, _atoms) = (method, backend, atoms);
        (_atomCount, _channels, _frameLength, _steps) = (atomCount, channels, frameLength, steps);
        var scores = new float[atomCount * HitCells];
        _peaks = new float[atomCount];
        for (int n = 0; n < atomCount; n++)
        {
            var hitRows = atoms.AsSpan(n * channels * frameLength, HitCells).ToArray();
            _peaks[n] = hitRows.Max() is var peak && peak > 0f ? peak : 1f;
            for (int d = 0; d < HitCells; d++) scores[n * HitCells + d] = hitRows[d] / _peaks[n];
        }
        var order = ThresholdSearchShapes.DescendingOrder(scores, atomCount, HitCells);
        _scores = backend.Allocate(scores.Length);
        _order = backend.Allocate(order.Length);
        backend.Upload(scores, _scores);
        backend.Upload(order, _order);
    }

    /// <summary>
    /// The model's decoder atoms under gain search (method "model+gain"); a clear error for a hits-loss model.
    /// </summary>
    public static GainSearchCoder ForModel(Autoencoder model, int steps) => ForModel(model, steps, kept: null);

    /// <summary>
    /// The gain search over the model's decoder atoms <paramref name="kept"/> alone (all when null): the coder's atom i
    /// is the model's atom kept[i]. A clear error for a hits-loss model.
    /// </summary>
    public static GainSearchCoder ForModel(Autoencoder model, int steps, IReadOnlyList<int>? kept)
    {
        var config = model.Config;
        if (config.Loss == LossKind.Hits)
            throw new ArgumentException(
                "the gain search needs atoms whose hit rows are values; this model was trained "
                + "with --loss hits (logits)");
        var atoms = new float[model.Atoms.Count];
        model.Backend.Download(model.Atoms.Value, atoms);
        int size = config.InputChannels * config.FrameLength;
        if (kept is not null)
        {
            var subset = new float[kept.Count * size];
            for (int i = 0; i < kept.Count; i++) Array.Copy(atoms, kept[i] * size, subset, i * size, size);
            atoms = subset;
        }
        return new GainSearchCoder("model+gain", model.Backend, atoms, kept?.Count ?? config.Atoms,
            config.InputChannels,
            config.FrameLength, steps);
    }

    public string Method { get; }
    public int AtomsAt(int nonzerosPerBar) => _atomCount;
    public bool Supports(int nonzerosPerBar) => nonzerosPerBar == FramesPerBar;

    public string BudgetMeaning(int nonzerosPerBar)
        => $"one atom and its gain per {_frameLength}-step frame, chosen for the fewest wrong hits, "
            + $"{FramesPerBar} frame(s) per bar";

    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        if (!Supports(nonzerosPerBar))
            throw new ArgumentException(
                $"the gain search spends one non-zero per frame: {FramesPerBar} per bar, not {nonzerosPerBar}");
        int frames = count * FramesPerBar, frameSize = _channels * _frameLength;
        var segments = BarSegments.Cut(bars, count, _channels, _steps, _frameLength);
        var (atoms, gains) = Choose(segments, frames);
        Array.Clear(segments);
        for (int f = 0; f < frames; f++)
        {
            if (atoms[f] < 0) continue;
            var output = segments.AsSpan(f * frameSize, frameSize);
            TensorPrimitives.Multiply(_atoms.AsSpan(atoms[f] * frameSize, frameSize), gains[f], output);
        }
        return BarSegments.Paste(segments, count, _channels, _steps, _frameLength);
    }

    /// <summary>
    /// frames [count, C, K] -> each frame's atom (-1: left empty) and gain g, so that g * atom is its code's decoding.
    /// </summary>
    public (int[] Atoms, float[] Gains) Choose(float[] frames, int count)
    {
        int frameSize = _channels * _frameLength;
        if (frames.Length != count * frameSize)
            throw new ArgumentException($"{count} frames need {count * frameSize} values, got {frames.Length}");
        var targets = new float[count * HitCells];
        for (int f = 0; f < count; f++) frames.AsSpan(f * frameSize, HitCells).CopyTo(targets.AsSpan(f * HitCells));
        var choice = new float[2 * count];
        using (var targetBuffer = _backend.Allocate(targets.Length))
        using (var choiceBuffer = _backend.Allocate(choice.Length))
        {
            _backend.Upload(targets, targetBuffer);
            float minimumCut = GrooveHitMetrics.DefaultThreshold / MaxRelativeGain;
            _backend.ThresholdSearch(count, _atomCount, HitCells, minimumCut, targetBuffer, _scores, _order,
                choiceBuffer);
            _backend.Download(choiceBuffer, choice);
        }
        var atoms = new int[count];
        var gains = new float[count];
        for (int f = 0; f < count; f++)
        {
            atoms[f] = (int)choice[2 * f];
            if (atoms[f] >= 0) gains[f] = GrooveHitMetrics.DefaultThreshold / (choice[2 * f + 1] * _peaks[atoms[f]]);
        }
        return (atoms, gains);
    }

    public void Dispose()
    {
        _scores.Dispose();
        _order.Dispose();
    }
}
