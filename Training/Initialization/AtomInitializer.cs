using TcnWtaNative.Engine;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// The starting atoms a fresh run asks for with --init-atoms, drawn from the training set's frames [C, K]: spread-out
/// frames (<see cref="FrameSeededAtoms"/>), the onset patterns the set repeats most (<see cref="OnsetPatternAtoms"/>),
/// or k-means centroids (<see cref="KMeansSeededAtoms"/>), refit for the gain or union code where asked; random
/// weights (the model as constructed) otherwise. Stages are reported to <c>stages</c>, and a cancelled
/// <c>stop</c> ends the current stage early with the atoms it has.
/// </summary>
public static class AtomInitializer
{
    /// <summary>The Lloyd iterations of --init-atoms kmeans-gain (<see cref="GainLloyd"/>).</summary>
    public const int GainLloydIterations = 5;

    /// <summary>
    /// The Lloyd iterations of --init-atoms kmeans-union (<see cref="UnionLloyd"/>). The u12 study measured the union
    /// code's validation hit F1 at 4 per bar (N = 1000, two-beat atoms) after each of 10 refits of the k-means start:
    /// 0.943 at none, 0.952 at 10, still rising slowly. Once the refits cost seconds, 20 and 40 gave 0.9543 and 0.9545
    /// against 10's 0.9539 (session 14, the groove-best preset otherwise unchanged): converged, so 10 stays.
    /// </summary>
    public const int UnionLloydIterations = 10;

    /// <summary>Overwrites <paramref name="model"/>'s atoms (and encoder filters) as <paramref name="options"/>
    /// ask, from the frames of <paramref name="train"/>.</summary>
    public static void Apply(Autoencoder model, TrainingOptions options, IBatchSource train, InitializerStages stages,
        CancellationToken stop)
    {
        if (options.InitAtoms == AtomInitialization.Frames)
            FrameSeededAtoms.Apply(model, TrainingFrames(train, options.FrameLength, options.Seed), options.Seed,
                stages.Report, stop);
        if (options.InitAtoms == AtomInitialization.OnsetPatterns)
            OnsetPatternAtoms.Apply(model, FramesOf(train, options.FrameLength, options.Seed).Take(OnsetPatternFrames),
                options.PatternOffsets);
        else if (options.FitsAtoms)
            KMeansSeededAtoms.Apply(model, TrainingFrames(train, options.FrameLength, options.Seed), options.Seed,
                CentroidRefit(model, options.InitAtoms, stages.Report, stop), stages.Report, stop);
    }

    // the refit an initialization asks of the k-means centroids (frames, centroids -> refit centroids), its rounds told
    // to progress and stopped by cancel; null for none
    private static Func<float[], float[], float[]>? CentroidRefit(Autoencoder model,
        AtomInitialization initialization, StageProgress progress, CancellationToken cancel)
    {
        var config = model.Config;
        return initialization switch
        {
            AtomInitialization.KmeansGain => (frames, centroids) => GainLloyd.Refine(model.Backend, frames, centroids,
                config.Atoms, config.InputChannels, config.FrameLength, GainLloydIterations, progress, cancel),
            AtomInitialization.KmeansUnion => (frames, centroids) => UnionLloyd.Refine(model.Backend, frames,
                centroids, config.Atoms, config.InputChannels, config.FrameLength, UnionLloydIterations, progress,
                cancel),
            _ => null,
        };
    }

    // the most training frames --init-atoms onset-patterns counts, streamed (2^19 2-step frames: 14.6 hours at 20 per
    // second); k-means keeps its frames in memory, so it takes at most maxFrames
    private const int OnsetPatternFrames = 1 << 19;

    // every whole frame [C, K] of the valid part of every training item, up to maxFrames (items in index order;
    // windows of long pieces in a seeded shuffled order, since in index order they would all come from the first few
    // pieces)
    private static List<float[]> TrainingFrames(IBatchSource items, int frameLength, int seed, int maxFrames = 1 << 16)
        => [.. FramesOf(items, frameLength, seed).Take(maxFrames)];

    // the frames [C*K] TrainingFrames keeps, read one item at a time
    private static IEnumerable<float[]> FramesOf(IBatchSource items, int frameLength, int seed)
    {
        var order = Enumerable.Range(0, items.Count).ToArray();
        if (items is PieceWindows) new Random(seed).Shuffle(order);
        foreach (int i in order)
        {
            var item = items.Gather([i]);
            int length = item.ValidLengths?[0] ?? item.Length;
            for (int start = 0; start + frameLength <= length; start += frameLength)
                yield return item.Frame(0, start, frameLength);
        }
    }
}
