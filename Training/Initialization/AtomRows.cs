using System.Numerics.Tensors;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// Writes one atom's rows of a model: its decoder atom W_dec[n] [C, K] and its encoder filter W_enc[n] [C', K]. Seeding
/// from a frame makes atom n the frame and filter n frame / |frame|², so the frame codes to 1 on atom n (that needs
/// C' = C, a model without a TCN). Under the hits loss the decoder's hit rows are logits, so a frame's hit rows enter
/// an atom as logits (<see cref="AsAtom"/>). Shared by the frame- and k-means-seeded starts and dead-atom revival.
/// </summary>
public static class AtomRows
{
    /// <summary>The logit a hit row takes for a certain hit (value 1) under the hits loss, and minus it for none:
    /// confident (sigmoid(4) = 0.98), yet far from saturating the sigmoid's gradient.</summary>
    public const float HitLogit = 4f;

    /// <summary>
    /// W_dec[n] = the frame as an atom and, without a TCN, W_enc[n] = frame / |frame|² (each [C*K]).
    /// </summary>
    public static void SeedFromFrame(Autoencoder model, int atom, ReadOnlySpan<float> frame)
    {
        WriteAtom(model, atom, AsAtom(model.Config, frame));
        var filter = new float[frame.Length];
        TensorPrimitives.Divide(frame, Math.Max(TensorPrimitives.Dot(frame, frame), 1e-12f), filter);
        WriteFilter(model, atom, filter);
    }

    /// <summary>
    /// A frame [C*K] in the decoder's output space: itself, except under the hits loss, where each hit value p of the
    /// first H rows becomes its logit clipped to ±<see cref="HitLogit"/> (1 -> +4, 0 -> -4, a centroid's 0.7 -> 0.85).
    /// </summary>
    public static float[] AsAtom(AutoencoderConfig config, ReadOnlySpan<float> frame)
    {
        var atom = frame.ToArray();
        if (config.Loss == LossKind.Hits) WriteHitsAsLogits(atom, config.HitChannels, config.FrameLength);
        return atom;
    }

    /// <summary>
    /// In a signal [C, steps], each hit value p of the first <paramref name="hitChannels"/> rows becomes its logit
    /// clipped to ±<see cref="HitLogit"/> (1 -> +4, 0 -> -4, 0.7 -> 0.85): the decoder's space under the hits loss.
    /// </summary>
    public static void WriteHitsAsLogits(Span<float> signal, int hitChannels, int steps)
    {
        foreach (ref float value in signal[..(hitChannels * steps)]) value = HitLogitOf(value);
    }

    // a hit value p in [0, 1] as a logit clipped to ±HitLogit
    private static float HitLogitOf(float p)
    {
        float bound = 1 / (1 + MathF.Exp(HitLogit));
        return p <= bound ? -HitLogit : p >= 1 - bound ? HitLogit : MathF.Log(p / (1 - p));
    }

    /// <summary>W_enc[n] = filter [C'*K]; only for a model without a TCN, whose filters see the input itself.</summary>
    public static void WriteFilter(Autoencoder model, int atom, ReadOnlySpan<float> filter)
    {
        if (model.Config.TcnWidths.Length > 0)
            throw new ArgumentException(
                "an encoder filter can be seeded from a frame only for a model without a TCN front end");
        model.Backend.Upload(filter, FilterRow(model, atom));
    }

    /// <summary>W_dec[n] = frame [C*K].</summary>
    public static void WriteAtom(Autoencoder model, int atom, ReadOnlySpan<float> frame)
    {
        int size = model.Config.InputChannels * model.Config.FrameLength;
        if (frame.Length != size)
            throw new ArgumentException(
                $"an atom holds [{model.Config.InputChannels}, {model.Config.FrameLength}] = {size} "
                + $"values, got {frame.Length}");
        model.Backend.Upload(frame, model.Atoms.Value.Slice(atom * size, size));
    }

    /// <summary>W_enc[n] [C'*K] drawn uniform in ±its initialization bound, as a fresh model draws it.</summary>
    public static void DrawFilter(Autoencoder model, int atom, Random random)
    {
        var row = FilterRow(model, atom);
        var filter = new float[row.Length];
        float bound = model.EncoderWeight.InitBound;
        for (int i = 0; i < filter.Length; i++) filter[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        model.Backend.Upload(filter, row);
    }

    /// <summary>
    /// Where atom n's rows lie in the contiguous parameter buffer: (offset, count) of W_dec[n], then of W_enc[n].
    /// </summary>
    public static ((int Offset, int Count) Atom, (int Offset, int Count) Filter) Ranges(Autoencoder model, int atom)
    {
        int atomSize = model.Atoms.Count / model.Config.Atoms,
            filterSize = model.EncoderWeight.Count / model.Config.Atoms;
        return ((model.Atoms.Offset + atom * atomSize, atomSize),
            (model.EncoderWeight.Offset + atom * filterSize, filterSize));
    }

    private static Kernels.DeviceBuffer FilterRow(Autoencoder model, int atom)
    {
        int size = model.EncoderWeight.Count / model.Config.Atoms;
        return model.EncoderWeight.Value.Slice(atom * size, size);
    }
}
