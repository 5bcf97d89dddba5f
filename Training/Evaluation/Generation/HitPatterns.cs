using System.Numerics;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// Groove bars [Count, 27, Steps] reduced to their hits: each bar's hit cells (drum, step) above
/// <see cref="ThresholdSearchShapes.HitLevel"/> as a bit set, the form in which generated bars are compared with real
/// ones by hit F1 (velocities and offsets set aside). Immutable.
/// </summary>
public sealed class HitPatterns
{
    private readonly ulong[] _bits;
    private readonly int[] _hits;
    private readonly int _words;

    private HitPatterns(ulong[] bits, int[] hits, int words) => (_bits, _hits, _words) = (bits, hits, words);

    /// <summary>The number of bars.</summary>
    public int Count => _hits.Length;

    /// <summary>The hits of bar <paramref name="bar"/>.</summary>
    public int HitsOf(int bar) => _hits[bar];

    /// <summary>bars [count, 27, steps] (row-major) -> their hit patterns.</summary>
    public static HitPatterns Of(float[] bars, int count, int steps)
    {
        int size = GrooveGrid.Channels * steps, cells = DrumMapping.ClassCount * steps, words = (cells + 63) / 64;
        if (count < 0 || steps < 1 || bars.Length != (long)count * size)
            throw new ArgumentException(
                $"{bars.Length} values are not {count} bars of [{GrooveGrid.Channels}, {steps}]");
        var (bits, hits) = (new ulong[count * words], new int[count]);
        for (int bar = 0; bar < count; bar++)
            for (int cell = 0; cell < cells; cell++)
            {
                if (!(bars[bar * size + cell] > ThresholdSearchShapes.HitLevel)) continue;
                bits[bar * words + cell / 64] |= 1UL << (cell % 64);
                hits[bar]++;
            }
        return new HitPatterns(bits, hits, words);
    }

    /// <summary>
    /// The hit F1 of bar <paramref name="bar"/> against the bar of <paramref name="others"/> it matches best:
    /// 2 |A ∩ B| / (|A| + |B|), 1 between two empty bars. 0 when <paramref name="others"/> is empty.
    /// </summary>
    public double NearestF1(int bar, HitPatterns others)
    {
        double best = 0;
        for (int other = 0; other < others.Count && best < 1; other++) best = Math.Max(best, F1(bar, others, other));
        return best;
    }

    /// <summary>The hit F1 of bar <paramref name="bar"/> against bar <paramref name="other"/> of
    /// <paramref name="others"/>: 2 |A ∩ B| / (|A| + |B|), 1 between two empty bars.</summary>
    public double F1(int bar, HitPatterns others, int other)
    {
        if (others._words != _words) throw new ArgumentException("hit patterns of different bar lengths");
        int total = _hits[bar] + others._hits[other];
        if (total == 0) return 1;
        var mine = _bits.AsSpan(bar * _words, _words);
        var theirs = others._bits.AsSpan(other * _words, _words);
        int shared = 0;
        for (int w = 0; w < _words; w++) shared += BitOperations.PopCount(mine[w] & theirs[w]);
        return 2.0 * shared / total;
    }
}
