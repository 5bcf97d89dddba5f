using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// <see cref="IComputeBackend.UnionDecode"/> on all cores: code [F, E, 2], dictionary [N, S] -> output [F, S]. Frames
/// are independent, so each work item decodes a block of <see cref="FramesPerItem"/> frames. Within a frame, the
/// lanes of a Vector256 take consecutive hit cells: the entries' g * hit values are compared lane by lane in entry
/// order (a later entry takes a lane unless the best so far is &gt;= it, the reference's rule, so ties stay with the
/// earlier entry); where the best g * h lights a lane its hit row is 1 and each of the cell's other S / H - 1 rows is
/// the winner's atom value picked lane by lane, divided by h and clamped; elsewhere the lane is 0 on every row. Each
/// value is the one comparison or divide the reference loop does, so the output is the reference's bit for bit. A
/// last part-vector of cells is redone overlapping the vector before it; frames of fewer hit cells than lanes take a
/// cell at a time.
/// </summary>
internal sealed class ParallelUnionDecode : ParallelJob
{
    /// <summary>Frames per work item: 128 groove-best frames are about 110 KB of output.</summary>
    public const int FramesPerItem = 128;

    private static readonly int Lanes = Vector256<float>.Count;

    private CpuBuffer? _code, _dictionary, _output;
    private int _frames, _entries, _frameSize, _hitCells;

    /// <summary>Runs the op; shapes were checked by the caller.</summary>
    public void Decode(int frames, int entries, int frameSize, int hitCells, CpuBuffer code, CpuBuffer dictionary,
        CpuBuffer output)
    {
        (_frames, _entries, _frameSize, _hitCells) = (frames, entries, frameSize, hitCells);
        (_code, _dictionary, _output) = (code, dictionary, output);
        try { CoreWorkers.Run(this, (frames + FramesPerItem - 1) / FramesPerItem); }
        finally { (_code, _dictionary, _output) = (null, null, null); } // drop the references to the caller's buffers
    }

    /// <summary>Frames [index * FramesPerItem, ...) up to the last frame.</summary>
    public override void Run(int index, int worker)
    {
        int first = index * FramesPerItem, count = Math.Min(FramesPerItem, _frames - first);
        var code = _code!.Span.Slice(2 * first * _entries, 2 * count * _entries);
        var dictionary = _dictionary!.Span;
        var output = _output!.Span.Slice(first * _frameSize, count * _frameSize);
        for (int f = 0; f < count; f++)
            DecodeFrame(code.Slice(2 * f * _entries, 2 * _entries), dictionary,
                output.Slice(f * _frameSize, _frameSize));
    }

    // one frame: entries [E, 2] -> output [S], zero without a used entry
    private void DecodeFrame(ReadOnlySpan<float> entries, ReadOnlySpan<float> dictionary, Span<float> output)
    {
        int first = 0;
        while (first < _entries && (int)entries[2 * first] < 0) first++;
        if (first == _entries)
        {
            output.Clear();
            return;
        }
        if (_hitCells < Lanes)
        {
            for (int cell = 0; cell < _hitCells; cell++) DecodeCell(entries, first, dictionary, output, cell);
            return;
        }
        for (int cell = 0; cell < _hitCells; cell += Lanes)
            DecodeCells(entries, first, dictionary, output, Math.Min(cell, _hitCells - Lanes));
    }

    // hit cell d of one frame and its rows r = d (mod H), one value at a time
    private void DecodeCell(ReadOnlySpan<float> entries, int first, ReadOnlySpan<float> dictionary, Span<float> output,
        int d)
    {
        int winner = first;
        float best = entries[2 * first + 1] * dictionary[(int)entries[2 * first] * _frameSize + d];
        for (int e = first + 1; e < _entries; e++)
        {
            if ((int)entries[2 * e] < 0) continue;
            float value = entries[2 * e + 1] * dictionary[(int)entries[2 * e] * _frameSize + d];
            if (!(value <= best)) (winner, best) = (e, value);
        }
        bool lit = best > ThresholdSearchShapes.HitLevel;
        var atom = dictionary.Slice((int)entries[2 * winner] * _frameSize, _frameSize);
        output[d] = lit ? 1f : 0f;
        for (int r = d + _hitCells; r < _frameSize; r += _hitCells)
            output[r] = lit ? Math.Clamp(atom[r] / atom[d], r < 2 * _hitCells ? 0f : -1f, 1f) : 0f;
    }

    // hit cells [d, d + Lanes) of one frame and their rows r = d (mod H); entry `first` is the frame's first used one
    private void DecodeCells(ReadOnlySpan<float> entries, int first, ReadOnlySpan<float> dictionary,
        Span<float> output, int d)
    {
        var best = Product(entries, first, dictionary, d);
        var winner = Vector256.Create((float)first);
        for (int e = first + 1; e < _entries; e++)
        {
            if ((int)entries[2 * e] < 0) continue;
            var value = Product(entries, e, dictionary, d);
            var takes = ~Vector256.LessThanOrEqual(value, best);
            best = Vector256.ConditionalSelect(takes, value, best);
            winner = Vector256.ConditionalSelect(takes, Vector256.Create((float)e), winner);
        }
        var lit = Vector256.GreaterThan(best, Vector256.Create(ThresholdSearchShapes.HitLevel));
        (lit & Vector256<float>.One).CopyTo(output.Slice(d, Lanes));
        var hit = Winners(entries, first, winner, dictionary, d);
        for (int r = d + _hitCells; r < _frameSize; r += _hitCells)
        {
            var values = Winners(entries, first, winner, dictionary, r);
            var low = Vector256.Create(r < 2 * _hitCells ? 0f : -1f);
            (lit & Clamp(values / hit, low)).CopyTo(output.Slice(r, Lanes));
        }
    }

    // the winning entries' atom values at rows [r, r + Lanes), lane by lane
    private Vector256<float> Winners(ReadOnlySpan<float> entries, int first, Vector256<float> winner,
        ReadOnlySpan<float> dictionary, int r)
    {
        var values = Atom(entries, first, dictionary, r);
        for (int e = first + 1; e < _entries; e++)
            if ((int)entries[2 * e] >= 0)
                values = Vector256.ConditionalSelect(Vector256.Equals(winner, Vector256.Create((float)e)),
                    Atom(entries, e, dictionary, r), values);
        return values;
    }

    // value clamped to [low, 1] as the reference's comparisons do it (a -0 stays -0)
    private static Vector256<float> Clamp(Vector256<float> value, Vector256<float> low)
    {
        var one = Vector256<float>.One;
        var clamped = Vector256.ConditionalSelect(Vector256.GreaterThan(value, one), one, value);
        return Vector256.ConditionalSelect(Vector256.LessThan(value, low), low, clamped);
    }

    // g * dictionary[n, r .. r + Lanes) of entry e (n = its atom, g = its gain)
    private Vector256<float> Product(ReadOnlySpan<float> entries, int e, ReadOnlySpan<float> dictionary, int r)
        => Vector256.Create(entries[2 * e + 1]) * Atom(entries, e, dictionary, r);

    // dictionary[n, r .. r + Lanes) of entry e (n = its atom)
    private Vector256<float> Atom(ReadOnlySpan<float> entries, int e, ReadOnlySpan<float> dictionary, int r)
        => Vector256.Create(dictionary.Slice((int)entries[2 * e] * _frameSize + r, Lanes));
}
