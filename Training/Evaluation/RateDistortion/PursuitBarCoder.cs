using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Initialization;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// Orthogonal matching pursuit over a dictionary of K-step atoms: each bar's T / K frames form one group, and the
/// pursuit spends exactly the bar's budget across them (non-overlapping frames are orthogonal, so this is OMP over the
/// bar with shifted atoms). Used with the model's decoder atoms (model+omp: tells encoder error from dictionary error)
/// and with random training frames (random+omp). A model trained with the hits loss has atoms whose hit rows are
/// logits: its pursuit fits the bars with their hits written as logits (±4, by
/// <see cref="AtomRows.WriteHitsAsLogits"/>, as atoms are seeded) and its decoded hit rows go through the sigmoid, as
/// the model's own output does.
/// </summary>
public sealed class PursuitBarCoder(string method, PursuitCoder coder, IComputeBackend backend, int steps,
    AutoencoderConfig? outputSpace = null)
    : IBarCoder
{
    private const int BatchBars = 1024;

    private int FramesPerBar => steps / coder.FrameLength;

    public string Method => method;
    public int AtomsAt(int nonzerosPerBar) => coder.Atoms;

    public bool Supports(int nonzerosPerBar)
        => steps % coder.FrameLength == 0 && nonzerosPerBar >= 1 && nonzerosPerBar <= coder.Atoms * FramesPerBar;

    public string BudgetMeaning(int nonzerosPerBar)
        => $"{nonzerosPerBar} pursuit picks over {FramesPerBar} {coder.FrameLength}-step "
            + $"frame(s) of {coder.Atoms} atoms";

    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        if (!Supports(nonzerosPerBar))
            throw new ArgumentException($"the pursuit cannot spend {nonzerosPerBar} non-zeros per bar");
        int size = coder.Channels * steps;
        var output = new float[count * size];
        for (int start = 0; start < count; start += BatchBars)
        {
            int batch = Math.Min(BatchBars, count - start);
            var target = bars.AsSpan(start * size, batch * size).ToArray();
            if (outputSpace is { Loss: LossKind.Hits } hits)
                for (int i = 0; i < batch; i++)
                    AtomRows.WriteHitsAsLogits(target.AsSpan(i * size, size), hits.HitChannels, steps);
            using var input = Tensor.FromHost(backend, target, batch, coder.Channels, steps);
            using var code = coder.Encode(input, nonzerosPerBar, FramesPerBar);
            using var decoded = coder.Decode(code);
            var reconstruction = decoded.ToHost(backend);
            if (outputSpace is not null) OutputActivation.Apply(outputSpace, reconstruction, steps);
            reconstruction.CopyTo(output, start * size);
        }
        return output;
    }
}
