using TcnWtaNative.Engine;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Training;

/// <summary>
/// The memory check before a training run (<see cref="ModelMemory"/>'s bounds): every pass it checks is one the run is
/// sure to make, so a set too long for the device is one error line before the model is built or its atoms fitted,
/// and a run that fits is never refused.
/// </summary>
public static class TrainingMemory
{
    /// <summary>
    /// Throws <see cref="Kernels.MemoryShortfall.Ahead"/>'s error when a pass of the run needs more than
    /// <paramref name="capacity"/> bytes of what <paramref name="holder"/> names:
    /// <list type="bullet">
    /// <item>a training step over the longest training piece alone, and over a full batch of the shortest (the
    /// shuffle places them anywhere, but each epoch holds both);</item>
    /// <item>each validation batch of <paramref name="batchSize"/> (0: the whole set), in the set's order, as a
    /// forward pass beside the optimizer's state.</item>
    /// </list>
    /// </summary>
    public static void Check(AutoencoderConfig config, IBatchSource train, IBatchSource? validation, int batchSize,
        long capacity, string holder)
    {
        if (train.Count > 0)
        {
            var lengths = Enumerable.Range(0, train.Count).Select(train.LengthOf).ToList();
            int fullBatch = batchSize <= 0 ? train.Count : Math.Min(batchSize, train.Count);
            ModelMemory.Check(config, 1, lengths.Max(), ModelPass.TrainingStep, capacity, holder);
            ModelMemory.Check(config, fullBatch, lengths.Min(), ModelPass.TrainingStep, capacity, holder);
        }
        if (validation is null) return;
        foreach (var batch in BatchPlan.Of(validation.Count, batchSize, shuffle: null))
            ModelMemory.Check(config, batch.Length, batch.Max(validation.LengthOf), ModelPass.Validation, capacity,
                holder);
    }
}
