using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training;

/// <summary>
/// A training step whose loss is still on the device: its report (loss not yet known) and what the state needs.
/// </summary>
public sealed record PendingStep(StepReport Report, long ValidValues, int OptimizerStep, double Seconds);

/// <summary>
/// The losses of the last few training steps, left on the device (one slot per step) and read back together every
/// <see cref="Steps"/> steps, or sooner when the trainer must know them (the end of an epoch, a stop), so the host
/// waits for the device once per read instead of once per step. Where buffers are host memory a read costs nothing, so
/// <see cref="StepsFor"/> reads every step there, and progress (and a stop asked for from it) follows each step.
/// </summary>
public sealed class LossReadback : IDisposable
{
    /// <summary>Steps read back in one download on a device.</summary>
    public const int DeviceSteps = 32;

    /// <summary>
    /// Steps read back in one download on <paramref name="backend"/>: 1 where its buffers are host memory, else
    /// <see cref="DeviceSteps"/>.
    /// </summary>
    public static int StepsFor(IComputeBackend backend) => backend.BuffersInHostMemory ? 1 : DeviceSteps;

    /// <summary>Steps whose losses are read back in one download.</summary>
    public int Steps { get; }

    private readonly IComputeBackend _backend;
    private readonly DeviceBuffer _losses;
    private readonly DeviceBuffer[] _slots;
    private readonly float[] _host;
    private readonly List<PendingStep> _pending;

    /// <summary>Allocates the slots of <paramref name="steps"/> steps on <paramref name="backend"/>.</summary>
    public LossReadback(IComputeBackend backend, int steps)
    {
        if (steps < 1)
            throw new ArgumentOutOfRangeException(nameof(steps),
                $"losses are read back every 1 or more steps, not {steps}");
        (_backend, Steps, _host, _pending) = (backend, steps, new float[steps], new List<PendingStep>(steps));
        _losses = backend.Allocate(steps);
        _slots = [.. Enumerable.Range(0, steps).Select(step => _losses.Slice(step, 1))];
    }

    /// <summary>True when every slot holds a pending loss: read before the next step.</summary>
    public bool IsFull => _pending.Count == Steps;

    /// <summary>The one-element slot the next step writes its loss into.</summary>
    public DeviceBuffer NextSlot
        => IsFull ? throw new InvalidOperationException("the loss slots are full; read them first")
            : _slots[_pending.Count];

    /// <summary>Records the step whose loss went into <see cref="NextSlot"/>.</summary>
    public void Add(PendingStep step)
    {
        if (IsFull) throw new InvalidOperationException("the loss slots are full; read them first");
        _pending.Add(step);
    }

    /// <summary>
    /// The pending steps, in order, with their losses (one download when any is pending); empties the slots.
    /// </summary>
    public List<(PendingStep Step, float Loss)> Read()
    {
        if (_pending.Count == 0) return [];
        _backend.Download(_losses, _host);
        var read = _pending.Select((step, i) => (step, _host[i])).ToList();
        _pending.Clear();
        return read;
    }

    public void Dispose() => _losses.Dispose();
}
