using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Data;

/// <summary>
/// The corruption of denoising training (<c>train --input-noise RATE --input-drop SHARE</c>, and
/// <c>--input-quantize</c>): each Groove grid of a batch gets random extra hits and loses some of its hits item by
/// item, as <c>denoise --add-noise --drop-hits</c> does to a file (round(rate × hits) new hits on the item's empty
/// cells and round(share × hits) of its hits taken away, over its valid steps), while the loss still compares the
/// reconstruction with the clean batch. The noise is drawn where the batch lives
/// (<see cref="IComputeBackend.AddDrumHitNoise"/>), so nothing goes up but a batch's valid lengths when its items
/// differ in length. A training batch's noise is keyed by (seed, epoch, batch), so a resumed run sees the same noise as
/// an uninterrupted one; a fixed pass (the validation set) gets the same draw every time, keyed by the seed and the
/// batch alone. A batch of items laid out as their frames (<see cref="DeviceBatch.FramesPerItem"/>) gets each item's
/// noise drawn over all its frames, the noise its whole grid gets.
/// </summary>
public sealed class InputNoise : IDisposable
{
    private const int FixedPass = -1;   // the epoch a fixed pass's keys use: no training epoch has it

    private readonly IComputeBackend _backend;
    private readonly int _seed;
    private Tensor? _noisy, _steps;
    private float[] _hostSteps = [];

    /// <summary><paramref name="noise"/> on <paramref name="backend"/>'s batches, seeded by
    /// <paramref name="seed"/>.</summary>
    public InputNoise(IComputeBackend backend, HitNoise noise, int seed)
        => (_backend, Noise, _seed) = (backend, noise, seed);

    /// <summary>What the noise does to each grid.</summary>
    public HitNoise Noise { get; }

    /// <summary>
    /// Training batch <paramref name="batch"/> of epoch <paramref name="epoch"/> (both from 0), noisy, in a tensor this
    /// object reuses (valid until its next call).
    /// </summary>
    public Tensor Corrupt(DeviceBatch clean, int epoch, int batch)
        => Corrupt(clean, DrumHitNoise.KeyOf(_seed, epoch, batch));

    /// <summary>Batch <paramref name="batch"/> of a fixed pass, noisy: the same noise on every call.</summary>
    public Tensor CorruptFixed(DeviceBatch clean, int batch)
        => Corrupt(clean, DrumHitNoise.KeyOf(_seed, FixedPass, batch));

    // clean [B, 27, T] -> its noisy copy [B, 27, T]; items laid out as their L frames, [B*L, 27, K] -> [B*L, 27, K],
    // each item's noise drawn over its whole grid as before
    private Tensor Corrupt(DeviceBatch clean, ulong key)
    {
        var values = clean.Values;
        if (values.Channels != GrooveGrid.Channels)
            throw new ArgumentException(
                $"input noise changes the drum hits of Groove grids of {GrooveGrid.Channels} channels, not "
                + $"{values.Channels}");
        var noisy = Activations.Ensure(_backend, ref _noisy, values.Batch, values.Channels, values.Length);
        int frames = clean.FramesPerItem;
        var noise = new DrumHitNoise(Noise.ExtraRate, Noise.DropFraction,
            Noise.Quantized ? HitNoise.QuantizedVelocity : 0f, key, frames > 1 ? values.Length : 0);
        _backend.AddDrumHitNoise(values.Batch / frames, DrumMapping.ClassCount, values.Length * frames, values.Buffer,
            StepsOf(clean)?.Buffer, noise, noisy.Buffer);
        return noisy;
    }

    // the items' valid lengths [B] on the device, or null when every item fills the batch
    private Tensor? StepsOf(DeviceBatch clean)
    {
        if (clean.ValidLengths is not { } lengths) return null;
        if (_hostSteps.Length < lengths.Length) _hostSteps = new float[lengths.Length];
        for (int b = 0; b < lengths.Length; b++) _hostSteps[b] = lengths[b];
        var steps = Activations.Ensure(_backend, ref _steps, lengths.Length, 1, 1);
        _backend.Upload(_hostSteps.AsSpan(0, lengths.Length), steps.Buffer);
        return steps;
    }

    public void Dispose()
    {
        _noisy?.Dispose();
        _steps?.Dispose();
    }
}
