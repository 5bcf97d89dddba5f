using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// A model's atoms on the host: <see cref="Values"/> is row-major [<see cref="Count"/>, <see cref="Channels"/>,
/// <see cref="Length"/>], atom n being the decoder kernel W_dec[n] that a code value of 1 adds to the signal. Under the
/// hits loss (<paramref name="loss"/>) its hit rows are logits, and what an atom decodes to passes through the sigmoid
/// (<see cref="OutputActivation"/>).
/// </summary>
public sealed class AtomDictionary(float[] values, int count, int channels, int length, LossSpec loss = default)
{
    public float[] Values { get; } = values.Length == (long)count * channels * length ? values
        : throw new ArgumentException(
            $"{count} atoms of [{channels}, {length}] need {(long)count * channels * length} "
            + $"values, got {values.Length}");
    /// <summary>N: number of atoms.</summary>
    public int Count { get; } = count;
    /// <summary>C: channels of an atom (the representation's).</summary>
    public int Channels { get; } = channels;
    /// <summary>K: steps of an atom.</summary>
    public int Length { get; } = length;

    /// <summary>The dictionary of a model, downloaded from its backend.</summary>
    public static AtomDictionary FromModel(Autoencoder model)
    {
        var values = new float[model.Atoms.Count];
        model.Backend.Download(model.Atoms.Value, values);
        return new AtomDictionary(values, model.Config.Atoms, model.Config.InputChannels, model.Config.FrameLength,
            model.Config.LossSpec);
    }

    /// <summary>Atom n as a signal [C, K].</summary>
    public ReadOnlySpan<float> Atom(int n) => Values.AsSpan(n * Channels * Length, Channels * Length);

    /// <summary>
    /// What a code value of <paramref name="scale"/> on atom n decodes to, [C, K]: the atom times the scale, through
    /// the output activation.
    /// </summary>
    public float[] Scaled(int n, float scale)
    {
        var signal = Atom(n).ToArray();
        for (int i = 0; i < signal.Length; i++) signal[i] *= scale;
        OutputActivation.Apply(loss, Channels, signal, Length);
        return signal;
    }

    /// <summary>
    /// Every atom as a code value of 1 decodes it, [N, C, K]: <see cref="Values"/> itself unless the hits loss maps its
    /// hit rows.
    /// </summary>
    public float[] Decoded()
    {
        var signal = (float[])Values.Clone();
        OutputActivation.Apply(loss, Channels, signal, Length);
        return signal;
    }

    /// <summary>The L2 norm of atom n.</summary>
    public double Norm(int n) => System.Numerics.Tensors.TensorPrimitives.Norm(Atom(n));

    /// <summary>
    /// The code value at which atom n plays: its strongest note channel (Groove hits, piano-roll onsets, any
    /// event) reaches 1, the level where decoding counts a note. 0 for an atom with no positive note value. Under the
    /// hits loss a hit logit plays at any positive value: 1 (the atom's own logits) when one is positive.
    /// </summary>
    public float UnitPeakScale(int n, RepresentationKind kind)
    {
        if (loss.Kind == LossKind.Hits)
            return System.Numerics.Tensors.TensorPrimitives.Max(Atom(n)[..(loss.HitChannels * Length)]) > 0 ? 1 : 0;
        int noteChannels = kind switch
        {
            RepresentationKind.Groove => DrumMapping.ClassCount,
            RepresentationKind.Pianoroll or RepresentationKind.OnsetRoll => PianoRoll.Keys,
            _ => Channels,
        };
        float peak = System.Numerics.Tensors.TensorPrimitives.Max(
            Atom(n)[..(Math.Min(noteChannels, Channels) * Length)]);
        return peak > 0 ? 1 / peak : 0;
    }

    /// <summary>Atom indices by norm, largest first (ties to the lower index).</summary>
    public int[] OrderByNorm() => [.. Enumerable.Range(0, Count).OrderByDescending(Norm).ThenBy(n => n)];
}
