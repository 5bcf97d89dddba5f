namespace TcnWtaNative.Kernels;

/// <summary>
/// The noise of denoising training, drawn on the device (<see cref="IComputeBackend.AddDrumHitNoise"/>) for a batch of
/// drum grids [B, 3D, T] whose rows are D hits (1 or 0), D velocities and D timing offsets. Of an item's H hits over
/// its valid steps (a hit: above <see cref="ThresholdSearchShapes.HitLevel"/>), round(rate × H) new ones go on cells it
/// leaves empty, each of velocity 0.3 + 0.6 u for u uniform in [0, 1), and round(share × H) of its hits are taken away
/// (hit, velocity and offset 0), both chosen uniformly without replacement; with a quantized velocity above 0 every hit
/// then left plays at that velocity on the grid (offset 0). Rounding is half to even, as
/// <see cref="Math.Round(double)"/>.
/// <para>
/// Every draw is a hash of (<see cref="Key"/>, item, cell, purpose), not a stream, so each item is drawn alone (one
/// thread per item on a GPU) and every backend draws the same noise: the cells are walked in order, each empty (hit)
/// cell taken with probability needed / left among the empty (hit) cells not yet walked (selection sampling).
/// </para>
/// </summary>
/// <param name="ExtraRate">Extra hits per hit, in [0, 10].</param>
/// <param name="DropFraction">The share of hits taken away, in [0, 1].</param>
/// <param name="QuantizedVelocity">The velocity every hit left plays at, or 0 to keep each hit as it is.</param>
/// <param name="Key">What the draws hash: one key per training batch (<see cref="KeyOf"/>).</param>
/// <param name="FrameLength">
/// 0 where each item is laid out as one grid [3D, T]; K where it is laid out as its L = T / K frames [L, 3D, K], as
/// items trained as their frames are (step t of the item is step t % K of frame t / K): the same cells, so the same
/// noise.
/// </param>
public readonly record struct DrumHitNoise(double ExtraRate, double DropFraction, float QuantizedVelocity, ulong Key,
    int FrameLength = 0)
{
    /// <summary>The lowest velocity of an extra hit.</summary>
    public const float ExtraVelocityLow = 0.3f;

    /// <summary>The width of the extra hits' velocity range.</summary>
    public const float ExtraVelocitySpan = 0.6f;

    private const int DropDraw = 0, PlaceDraw = 1, VelocityDraw = 2;

    /// <summary>The key of batch <paramref name="batch"/> of epoch <paramref name="epoch"/> of a run seeded so.
    /// </summary>
    public static ulong KeyOf(int seed, int epoch, int batch)
        => Mix(Mix(Mix((ulong)(uint)seed) + (ulong)(uint)epoch) + (ulong)(uint)batch);

    /// <summary>
    /// Item <paramref name="item"/> of clean [B, 3D, T] (or [B, L, 3D, K], <see cref="FrameLength"/>; its values from
    /// <paramref name="start"/>) made noisy in
    /// <paramref name="noisy"/>, which holds a copy of clean: the cells of its first <paramref name="steps"/> steps
    /// that the noise changes are written there. One loop for every backend, over the cells (drum, step) in drum-major
    /// order.
    /// </summary>
    public void Apply<TClean, TNoisy>(TClean clean, TNoisy noisy, long start, int drums, int length, int steps,
        int item)
        where TClean : struct, IGridValues where TNoisy : struct, IGridValues
    {
        int cells = drums * steps, hits = 0;
        var counted = new CellWalk(start, drums, length, steps, FrameLength);
        for (int cell = 0; cell < cells; cell++, counted.Next())
            if (clean.Get(counted.At) > ThresholdSearchShapes.HitLevel) hits++;
        int empty = cells - hits;
        int toAdd = Math.Min(empty, RoundHalfToEven(ExtraRate * hits));
        int toDrop = Math.Min(hits, RoundHalfToEven(DropFraction * hits));
        long rows = (long)drums * (FrameLength > 0 ? FrameLength : length);
        var walk = new CellWalk(start, drums, length, steps, FrameLength);
        for (int cell = 0; cell < cells; cell++, walk.Next())
        {
            long at = walk.At;
            if (clean.Get(at) > ThresholdSearchShapes.HitLevel)
            {
                if (toDrop > 0 && Chosen(Draw(item, cell, DropDraw), hits, toDrop))
                {
                    toDrop--;
                    SetHit(noisy, at, rows, 0f);
                }
                else if (QuantizedVelocity > 0f) SetHit(noisy, at, rows, QuantizedVelocity);
                hits--;
            }
            else
            {
                if (toAdd > 0 && Chosen(Draw(item, cell, PlaceDraw), empty, toAdd))
                {
                    toAdd--;
                    SetHit(noisy, at, rows, QuantizedVelocity > 0f ? QuantizedVelocity : ExtraVelocity(item, cell));
                }
                empty--;
            }
        }
    }

    // an extra hit's velocity: 0.3 + 0.6 u, u from the draw's top 24 bits
    private float ExtraVelocity(int item, int cell)
        => ExtraVelocityLow + ExtraVelocitySpan * ((Draw(item, cell, VelocityDraw) >> 8) * (1f / (1 << 24)));

    // Where each cell (drum, step) of an item's first `steps` steps keeps its hit, in drum-major order, with no
    // division per cell: in [3D, T] at start + drum * T + step; in frames [L, 3D, K] at start + (step / K) * 3DK +
    // drum * K + step % K. A cell's velocity lies `rows` further on, its offset twice that.
    private struct CellWalk(long start, int drums, int length, int steps, int frameLength)
    {
        private readonly long _rowStride = frameLength > 0 ? frameLength : length;   // from one drum's row to the next
        private readonly long _frameGap = (3L * drums - 1) * frameLength;   // a frame's last step to the next's first,
                                                                            // less the one step At moves anyway
        private long _rowStart = start;
        private int _step, _inFrame;

        /// <summary>The current cell's hit index.</summary>
        public long At = start;

        /// <summary>On to the next cell: the next step, or the next drum's first.</summary>
        public void Next()
        {
            At++;
            if (frameLength > 0 && ++_inFrame == frameLength)
            {
                _inFrame = 0;
                At += _frameGap;
            }
            if (++_step < steps) return;
            (_step, _inFrame) = (0, 0);
            _rowStart += _rowStride;
            At = _rowStart;
        }
    }

    // the cell at hit row index `at`: a hit of the velocity given (0: none) and no offset
    private static void SetHit<TNoisy>(TNoisy noisy, long at, long rows, float velocity)
        where TNoisy : struct, IGridValues
    {
        noisy.Set(at, velocity > 0f ? 1f : 0f);
        noisy.Set(at + rows, velocity);
        noisy.Set(at + 2 * rows, 0f);
    }

    // true with probability needed / left, for a 32-bit draw: floor(draw × left / 2^32) < needed
    private static bool Chosen(uint draw, int left, int needed) => ((ulong)draw * (ulong)left) >> 32 < (ulong)needed;

    // 32 bits hashed from (key, item, cell, purpose)
    private uint Draw(int item, int cell, int purpose)
        => (uint)(Mix(Mix(Key + (ulong)(uint)item) + ((ulong)(uint)cell << 2 | (uint)purpose)) >> 32);

    // x >= 0 to the nearest whole number, ties to the even one, in integer steps a GPU kernel compiles
    private static int RoundHalfToEven(double x)
    {
        long whole = (long)x;
        double fraction = x - whole;
        if (fraction > 0.5 || (fraction == 0.5 && (whole & 1) == 1)) whole++;
        return (int)whole;
    }

    // SplitMix64's finalizer: a bijection of 64-bit words that scatters every input bit
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
