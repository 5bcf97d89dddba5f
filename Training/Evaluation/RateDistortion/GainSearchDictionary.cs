using System.Numerics.Tensors;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// A dictionary of K-step Groove atoms [N, C, K] as the gain search (<see cref="IComputeBackend.ThresholdSearch"/>)
/// sees it, on the backend: each atom's hit rows [9, K] scaled to a peak of 1 (its scores) and their descending order.
/// A search gives each frame an atom and a cut theta, and gain g = 0.5 / (theta * peak) decodes g * atom to exactly the
/// cells whose score is above theta, at the 0.5 threshold. Atoms that tie on wrong cells are told apart by their
/// least-squares fit to the whole frame (<see cref="Fits"/>), hit, velocity and offset rows alike. Shared by
/// <see cref="GainSearchCoder"/> (one atom per frame) and <see cref="UnionGainCoder"/> (two). Not thread-safe.
/// </summary>
public sealed class GainSearchDictionary : IDisposable
{
    private readonly float[] _scores, _peaks, _inverseSquaredNorms;
    private readonly DeviceBuffer _scoreBuffer, _order;

    /// <summary>
    /// The atoms [<paramref name="atomCount"/>, C, K] (Groove channels, hits first), gains capped at
    /// <paramref name="maxRelativeGain"/> times the one that puts an atom's peak hit value at 0.5.
    /// </summary>
    public GainSearchDictionary(IComputeBackend backend, float[] atoms, int atomCount, int channels, int frameLength,
        float maxRelativeGain)
    {
        if (channels != GrooveGrid.Channels)
            throw new ArgumentException(
                $"the gain search codes Groove grids of {GrooveGrid.Channels} channels, got {channels}");
        int size = atomCount * channels * frameLength;
        if (atomCount < 1 || frameLength < 1 || atoms.Length != size)
            throw new ArgumentException(
                $"atoms [{atomCount}, {channels}, {frameLength}] need {size} values, got {atoms.Length}");
        if (!(maxRelativeGain > 0f))
            throw new ArgumentException($"the largest relative gain must be above 0, got {maxRelativeGain}");
        (Backend, Atoms, AtomCount, Channels, FrameLength) = (backend, atoms, atomCount, channels, frameLength);
        MinimumCut = GrooveHitMetrics.DefaultThreshold / maxRelativeGain;
        _scores = new float[atomCount * HitCells];
        _peaks = new float[atomCount];
        _inverseSquaredNorms = new float[atomCount];
        for (int n = 0; n < atomCount; n++)
        {
            float squaredNorm = TensorPrimitives.SumOfSquares(atoms.AsSpan(n * FrameSize, FrameSize));
            _inverseSquaredNorms[n] = squaredNorm > 0f ? 1f / squaredNorm : 0f;
            var hitRows = atoms.AsSpan(n * FrameSize, HitCells).ToArray();
            _peaks[n] = hitRows.Max() is var peak && peak > 0f ? peak : 1f;
            for (int d = 0; d < HitCells; d++) _scores[n * HitCells + d] = hitRows[d] / _peaks[n];
        }
        var order = ThresholdSearchShapes.DescendingOrder(_scores, atomCount, HitCells);
        _scoreBuffer = backend.Allocate(_scores.Length);
        _order = backend.Allocate(order.Length);
        AtomBuffer = backend.Allocate(atoms.Length);
        backend.Upload(_scores, _scoreBuffer);
        backend.Upload(order, _order);
        backend.Upload(atoms, AtomBuffer);
    }

    /// <summary>The backend the search runs on.</summary>
    public IComputeBackend Backend { get; }

    /// <summary>The atoms [N, C, K] as given.</summary>
    public float[] Atoms { get; }

    /// <summary>The atoms [N, C, K] on the backend, for decoding.</summary>
    public DeviceBuffer AtomBuffer { get; }

    /// <summary>N.</summary>
    public int AtomCount { get; }

    /// <summary>C (27).</summary>
    public int Channels { get; }

    /// <summary>K.</summary>
    public int FrameLength { get; }

    /// <summary>The hit cells of a frame, 9 * K: the first rows of [C, K].</summary>
    public int HitCells => DrumMapping.ClassCount * FrameLength;

    /// <summary>C * K.</summary>
    public int FrameSize => Channels * FrameLength;

    /// <summary>The lowest cut the search may choose: 0.5 over the largest relative gain.</summary>
    public float MinimumCut { get; }

    /// <summary>
    /// targets [count, 9 * K] (a hit where &gt; 0.5, don't-care where negative) -> each frame's atom (-1: none) and
    /// cut theta, by one <see cref="IComputeBackend.ThresholdSearch"/>; atoms with equally few wrong cells are told
    /// apart by <paramref name="preference"/> [count, N] on the backend (<see cref="Fits"/>), the higher winning, or
    /// by the lower index where it is null.
    /// </summary>
    public (int[] Atoms, float[] Cuts) Search(float[] targets, int count, DeviceBuffer? preference)
    {
        if (targets.Length != count * HitCells)
            throw new ArgumentException($"{count} frames need {count * HitCells} hit cells, got {targets.Length}");
        var choice = new float[2 * count];
        using (var targetBuffer = Backend.Allocate(targets.Length))
        using (var choiceBuffer = Backend.Allocate(choice.Length))
        {
            Backend.Upload(targets, targetBuffer);
            Backend.ThresholdSearch(count, AtomCount, HitCells, MinimumCut, targetBuffer, _scoreBuffer, _order,
                preference, choiceBuffer);
            Backend.Download(choiceBuffer, choice);
        }
        var atoms = new int[count];
        var cuts = new float[count];
        for (int f = 0; f < count; f++) (atoms[f], cuts[f]) = ((int)choice[2 * f], choice[2 * f + 1]);
        return (atoms, cuts);
    }

    /// <summary>
    /// frames [count, C, K] -> each atom's least-squares fit to each frame, fits [count, N] on the backend (the caller
    /// disposes it; null for no frames): with c = &lt;frame, atom&gt; over all C * K values (one
    /// <see cref="IComputeBackend.Gemm"/>) and a = ||atom||², c * |c| / a, the squared error the best multiple of the
    /// atom removes from the frame, negative for an anti-correlated atom, 0 for an all-zero one. The hit count alone
    /// leaves a sparse frame's atom arbitrary among the many that light its hits; this picks the one whose velocities
    /// and offsets fit it best.
    /// </summary>
    public DeviceBuffer? Fits(float[] frames, int count)
    {
        if (frames.Length != count * FrameSize)
            throw new ArgumentException($"{count} frames need {count * FrameSize} values, got {frames.Length}");
        if (count == 0) return null;
        var fits = new float[count * AtomCount];
        var buffer = Backend.Allocate(fits.Length);
        try
        {
            using (var frameBuffer = Backend.Allocate(frames.Length))
            {
                Backend.Upload(frames, frameBuffer);
                Backend.Gemm(false, true, count, AtomCount, FrameSize, 1f, frameBuffer, AtomBuffer, 0f, buffer);
            }
            Backend.Download(buffer, fits);
            for (int f = 0; f < count; f++)
            {
                var row = fits.AsSpan(f * AtomCount, AtomCount);
                for (int n = 0; n < AtomCount; n++) row[n] *= MathF.Abs(row[n]) * _inverseSquaredNorms[n];
            }
            Backend.Upload(fits, buffer);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>frames [count, C, K] -> their hit rows [count, 9 * K], the targets of <see cref="Search"/>.</summary>
    public float[] HitTargets(float[] frames, int count)
    {
        if (frames.Length != count * FrameSize)
            throw new ArgumentException($"{count} frames need {count * FrameSize} values, got {frames.Length}");
        var targets = new float[count * HitCells];
        for (int f = 0; f < count; f++) frames.AsSpan(f * FrameSize, HitCells).CopyTo(targets.AsSpan(f * HitCells));
        return targets;
    }

    /// <summary>The gain that decodes atom n to the cells above cut theta at 0.5; 0 for no atom (-1).</summary>
    public float Gain(int atom, float cut)
        => atom < 0 ? 0f : GrooveHitMetrics.DefaultThreshold / (cut * _peaks[atom]);

    /// <summary>Whether atom n (-1: none) at cut theta lights hit cell d.</summary>
    public bool Lights(int atom, float cut, int cell) => atom >= 0 && _scores[atom * HitCells + cell] > cut;

    public void Dispose()
    {
        _scoreBuffer.Dispose();
        _order.Dispose();
        AtomBuffer.Dispose();
    }
}
