using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Optimization;

/// <summary>
/// Adam / AdamW over a model's single contiguous parameter buffer: one kernel call per step, with the moments
/// m and v as two more contiguous buffers (saved in checkpoints for an exact resume).
/// </summary>
public sealed class AdamOptimizer : IDisposable
{
    private readonly IComputeBackend _backend;
    private readonly ParameterSet _parameters;

    public AdamSettings Settings { get; set; }
    /// <summary>Steps taken so far; the next step is Step + 1 (bias correction counts from 1).</summary>
    public int Step { get; private set; }
    public DeviceBuffer FirstMoment { get; }
    public DeviceBuffer SecondMoment { get; }

    public AdamOptimizer(IComputeBackend backend, ParameterSet parameters, AdamSettings settings)
    {
        _backend = backend;
        _parameters = parameters;
        Settings = settings;
        FirstMoment = backend.Allocate(parameters.TotalCount);
        SecondMoment = backend.Allocate(parameters.TotalCount);
    }

    /// <summary>Applies one update from the accumulated gradients.</summary>
    public void Apply()
    {
        Step++;
        _backend.AdamStep(Settings, Step, _parameters.Values, _parameters.Gradients, FirstMoment, SecondMoment);
    }

    /// <summary>Restores the state of a saved optimizer: the step count and both moments.</summary>
    public void Restore(int step, ReadOnlySpan<float> firstMoment, ReadOnlySpan<float> secondMoment)
    {
        if (step < 0)
            throw new ArgumentOutOfRangeException(nameof(step), $"a saved optimizer step count cannot be {step}");
        _backend.Upload(firstMoment, FirstMoment);
        _backend.Upload(secondMoment, SecondMoment);
        Step = step;
    }

    /// <summary>
    /// Forgets the statistics of parameters [offset, offset + count): both moments there become zero, as for a fresh
    /// parameter.
    /// </summary>
    public void ResetMoments(int offset, int count)
    {
        _backend.Fill(FirstMoment.Slice(offset, count), 0f);
        _backend.Fill(SecondMoment.Slice(offset, count), 0f);
    }

    /// <summary>
    /// Scales all gradients so their global L2 norm is at most maxNorm (torch.nn.utils.clip_grad_norm_: factor
    /// maxNorm / (norm + 1e-6) when that is below 1), on the device: the host does not wait for the norm.
    /// </summary>
    public void ClipGradients(double maxNorm) => _backend.ClipGradientNorm(_parameters.Gradients, maxNorm);

    public void Dispose()
    {
        FirstMoment.Dispose();
        SecondMoment.Dispose();
    }
}
