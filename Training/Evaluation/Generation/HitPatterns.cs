using System.Numerics;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// Groove sections [Count, 27, Steps] reduced to their hits: each section's hit cells (drum, step) above <see
/// cref="ThresholdSearchShapes.HitLevel"/> as a bit set, the form in which generated sections are compared with real
/// ones by hit F1 (velocities and offsets set aside). Immutable.
/// </summary>
public sealed class HitPatterns
{
    private readonly ulong[] _bits;
    private readonly int[] _hits;
    private readonly int _words;

    private HitPatterns(ulong[] bits, int[] hits, int words) => (_bits, _hits, _words) = (bits, hits, words);

    /// <summary>The number of sections.</summary>
    public int Count => _hits.Length;

    /// <summary>The hits of section <paramref name="section"/>.</summary>
    public int HitsOf(int section) => _hits[section];

    /// <summary>sections [count, 27, steps] (row-major) -> their hit patterns.</summary>
    public static HitPatterns Of(float[] sections, int count, int steps)
    {
        int size = GrooveGrid.Channels * steps, cells = DrumMapping.ClassCount * steps, words = (cells + 63) / 64;
        if (count < 0 || steps < 1 || sections.Length != (long)count * size)
            throw new ArgumentException(
                $"{sections.Length} values are not {count} sections of [{GrooveGrid.Channels}, {steps}]");
        var (bits, hits) = (new ulong[count * words], new int[count]);
        for (int section = 0; section < count; section++)
            for (int cell = 0; cell < cells; cell++)
            {
                if (!(sections[section * size + cell] > ThresholdSearchShapes.HitLevel)) continue;
                bits[section * words + cell / 64] |= 1UL << (cell % 64);
                hits[section]++;
            }
        return new HitPatterns(bits, hits, words);
    }

    /// <summary>
    /// The hit F1 of section <paramref name="section"/> against the section of <paramref name="others"/> it matches
    /// best: 2 |A ∩ B| / (|A| + |B|), 1 between two empty sections. 0 when <paramref name="others"/> is empty.
    /// </summary>
    public double NearestF1(int section, HitPatterns others)
    {
        double best = 0;
        for (int other = 0; other < others.Count && best < 1; other++)
            best = Math.Max(best, F1(section, others, other));
        return best;
    }

    /// <summary>The hit F1 of section <paramref name="section"/> against section <paramref name="other"/> of
    /// <paramref name="others"/>: 2 |A ∩ B| / (|A| + |B|), 1 between two empty sections.</summary>
    public double F1(int section, HitPatterns others, int other)
    {
        if (others._words != _words) throw new ArgumentException("hit patterns of different section lengths");
        int total = _hits[section] + others._hits[other];
        if (total == 0) return 1;
        var mine = _bits.AsSpan(section * _words, _words);
        var theirs = others._bits.AsSpan(other * _words, _words);
        int shared = 0;
        for (int w = 0; w < _words; w++) shared += BitOperations.PopCount(mine[w] & theirs[w]);
        return 2.0 * shared / total;
    }
}
