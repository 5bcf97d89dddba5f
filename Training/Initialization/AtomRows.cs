using System.Numerics.Tensors;
using TcnWtaNative.Engine;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// Writes one atom's rows of a model: its decoder atom W_dec[n] [C, K] and its encoder filter W_enc[n] [C', K]. Seeding
/// from a frame makes atom n the frame and filter n frame / |frame|², so the frame codes to 1 on atom n (that needs
/// C' = C, a model without a TCN). Shared by the frame-seeded start and dead-atom revival.
/// </summary>
public static class AtomRows
{
    /// <summary>W_dec[n] = frame and, without a TCN, W_enc[n] = frame / |frame|² (each [C*K]).</summary>
    public static void SeedFromFrame(Autoencoder model, int atom, ReadOnlySpan<float> frame)
    {
        if (model.Config.TcnWidths.Length > 0) throw new ArgumentException("an encoder filter can be seeded from a frame only for a model without a TCN front end");
        WriteAtom(model, atom, frame);
        var filter = new float[frame.Length];
        TensorPrimitives.Divide(frame, Math.Max(TensorPrimitives.Dot(frame, frame), 1e-12f), filter);
        model.Backend.Upload(filter, FilterRow(model, atom));
    }

    /// <summary>W_dec[n] = frame [C*K].</summary>
    public static void WriteAtom(Autoencoder model, int atom, ReadOnlySpan<float> frame)
    {
        int size = model.Config.InputChannels * model.Config.FrameLength;
        if (frame.Length != size) throw new ArgumentException($"an atom holds [{model.Config.InputChannels}, {model.Config.FrameLength}] = {size} values, got {frame.Length}");
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

    /// <summary>Where atom n's rows lie in the contiguous parameter buffer: (offset, count) of W_dec[n], then of W_enc[n].</summary>
    public static ((int Offset, int Count) Atom, (int Offset, int Count) Filter) Ranges(Autoencoder model, int atom)
    {
        int atomSize = model.Atoms.Count / model.Config.Atoms, filterSize = model.EncoderWeight.Count / model.Config.Atoms;
        return ((model.Atoms.Offset + atom * atomSize, atomSize), (model.EncoderWeight.Offset + atom * filterSize, filterSize));
    }

    private static Kernels.DeviceBuffer FilterRow(Autoencoder model, int atom)
    {
        int size = model.EncoderWeight.Count / model.Config.Atoms;
        return model.EncoderWeight.Value.Slice(atom * size, size);
    }
}
