using TcnWtaNative.Engine;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// A model's atoms on the host: <see cref="Values"/> is row-major [<see cref="Count"/>, <see cref="Channels"/>,
/// <see cref="Length"/>], atom n being the decoder kernel W_dec[n] that a code value of 1 adds to the signal.
/// </summary>
public sealed class AtomDictionary(float[] values, int count, int channels, int length)
{
    public float[] Values { get; } = values.Length == (long)count * channels * length ? values
        : throw new ArgumentException($"{count} atoms of [{channels}, {length}] need {(long)count * channels * length} values, got {values.Length}");
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
        return new AtomDictionary(values, model.Config.Atoms, model.Config.InputChannels, model.Config.FrameLength);
    }

    /// <summary>Atom n as a signal [C, K].</summary>
    public ReadOnlySpan<float> Atom(int n) => Values.AsSpan(n * Channels * Length, Channels * Length);

    /// <summary>Atom n times <paramref name="scale"/>: what a code value of <paramref name="scale"/> decodes to, [C, K].</summary>
    public float[] Scaled(int n, float scale)
    {
        var signal = Atom(n).ToArray();
        for (int i = 0; i < signal.Length; i++) signal[i] *= scale;
        return signal;
    }

    /// <summary>The L2 norm of atom n.</summary>
    public double Norm(int n) => System.Numerics.Tensors.TensorPrimitives.Norm(Atom(n));

    /// <summary>
    /// The code value at which atom n plays: its strongest note channel (Groove hits, piano-roll onsets, any
    /// event) reaches 1, the level where decoding counts a note. 0 for an atom with no positive note value.
    /// </summary>
    public float UnitPeakScale(int n, RepresentationKind kind)
    {
        int noteChannels = kind switch
        {
            RepresentationKind.Groove => DrumMapping.ClassCount,
            RepresentationKind.Pianoroll => PianoRoll.Keys,
            _ => Channels,
        };
        float peak = System.Numerics.Tensors.TensorPrimitives.Max(Atom(n)[..(Math.Min(noteChannels, Channels) * Length)]);
        return peak > 0 ? 1 / peak : 0;
    }

    /// <summary>Atom indices by norm, largest first (ties to the lower index).</summary>
    public int[] OrderByNorm() => [.. Enumerable.Range(0, Count).OrderByDescending(Norm).ThenBy(n => n)];
}
