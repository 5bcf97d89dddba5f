using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using static Common;

/// <summary>
/// Part 1: how much room is left for one-beat atoms under the gain search. Seen/unseen beat patterns, F1 split by
/// them, and exemplar dictionaries (every distinct training beat pattern; the 1000 most frequent) under the same coder.
/// </summary>
static class Ceiling
{
    const int Frame = 4, HitCells = Drums * Frame, FrameSize = Channels * Frame;

    public static void Run(IComputeBackend backend, string modelPath)
    {
        var train = Load("train");
        var trainBeats = BarSegments.Cut(train.Values, train.Count, Channels, Steps, Frame);
        int trainCount = trainBeats.Length / FrameSize;
        var groups = new Dictionary<ulong, (int Count, double[] Sum)>();
        for (int f = 0; f < trainCount; f++)
        {
            var beat = trainBeats.AsSpan(f * FrameSize, FrameSize);
            ulong key = Key(beat);
            if (!groups.TryGetValue(key, out var g)) g = (0, new double[FrameSize]);
            for (int i = 0; i < FrameSize; i++) g.Sum[i] += beat[i];
            groups[key] = (g.Count + 1, g.Sum);
        }
        Log($"train: {train.Count} bars, {trainCount} beats, {groups.Count} distinct hit patterns "
            + $"(empty beats {(groups.TryGetValue(0, out var e) ? e.Count : 0)})");
        var byFrequency = groups.Where(p => p.Key != 0).OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key)
            .ToList();
        var top = byFrequency.Take(Atoms).Sum(p => p.Value.Count);
        Log($"the {Atoms} most frequent non-empty patterns cover {top} of {trainCount - e.Count} non-empty train beats "
            + $"({(double)top / (trainCount - e.Count):0.000}); patterns seen once: "
            + $"{byFrequency.Count(p => p.Value.Count == 1)}");
        float[] Exemplars(int count)
        {
            var atoms = new float[count * FrameSize];
            for (int n = 0; n < count; n++)
            {
                var (c, sum) = byFrequency[n].Value;
                for (int i = 0; i < FrameSize; i++) atoms[n * FrameSize + i] = (float)(sum[i] / c);
            }
            return atoms;
        }
        var greedy = GreedyExemplars.Choose([.. byFrequency.Select(p => p.Key)],
            [.. byFrequency.Select(p => p.Value.Count)], Atoms);
        float[] Chosen()
        {
            var all = Exemplars(byFrequency.Count);
            var atoms = new float[Atoms * FrameSize];
            for (int n = 0; n < greedy.Count; n++)
                all.AsSpan(greedy[n] * FrameSize, FrameSize).CopyTo(atoms.AsSpan(n * FrameSize, FrameSize));
            return atoms;
        }
        KMeansBarCoder? kmeans = null;
        var centroids = Centroids(backend, train, Frame, ref kmeans);
        using var trained = TrainedModel.Load(modelPath, backend);
        var dictionaries = new List<GainSearchCoder>
        {
            new("kmeans+gain", backend, centroids, Atoms, Channels, Frame, Steps),
            GainSearchCoder.ForModel(trained.Model, Steps),
            new("exemplars-top1000+gain", backend, Exemplars(Atoms), Atoms, Channels, Frame, Steps),
            new("exemplars-greedy1000+gain", backend, Chosen(), Atoms, Channels, Frame, Steps),
            new($"exemplars-all({byFrequency.Count})+gain", backend, Exemplars(byFrequency.Count), byFrequency.Count,
                Channels, Frame, Steps),
        };
        foreach (var split in new[] { "validation", "test" })
        {
            var bars = Load(split);
            var beats = BarSegments.Cut(bars.Values, bars.Count, Channels, Steps, Frame);
            int count = beats.Length / FrameSize;
            var seen = new bool[count];
            var heldOutPatterns = new Dictionary<ulong, bool>();
            int nonEmpty = 0, nonEmptySeen = 0;
            for (int f = 0; f < count; f++)
            {
                ulong key = Key(beats.AsSpan(f * FrameSize, FrameSize));
                seen[f] = groups.ContainsKey(key);
                heldOutPatterns[key] = seen[f];
                if (key == 0) continue;
                nonEmpty++;
                if (seen[f]) nonEmptySeen++;
            }
            Log($"{split}: {bars.Count} bars, {count} beats; seen in train: {seen.Count(s => s)} "
                + $"({(double)seen.Count(s => s) / count:0.000}); non-empty beats {nonEmpty}, seen {nonEmptySeen} "
                + $"({(double)nonEmptySeen / nonEmpty:0.000}); distinct patterns {heldOutPatterns.Count}, seen "
                + $"{heldOutPatterns.Count(p => p.Value)} ({(double)heldOutPatterns.Count(p => p.Value) / heldOutPatterns.Count:0.000})");
            GrooveHitMetrics? reference = null;
            foreach (var coder in dictionaries)
            {
                var started = DateTime.UtcNow;
                var reconstruction = coder.Reconstruct(bars.Values, bars.Count, Steps / Frame);
                var perBar = Score(bars, reconstruction);
                var recBeats = BarSegments.Cut(reconstruction, bars.Count, Channels, Steps, Frame);
                var (seenF1, unseenF1) = (new PooledF1(), new PooledF1());
                for (int f = 0; f < count; f++)
                {
                    int tp = 0, fp = 0, fn = 0;
                    for (int d = 0; d < HitCells; d++)
                    {
                        bool hit = beats[f * FrameSize + d] > 0.5f, lit = recBeats[f * FrameSize + d] > 0.5f;
                        if (hit && lit) tp++;
                        else if (lit) fp++;
                        else if (hit) fn++;
                    }
                    (seen[f] ? seenF1 : unseenF1).Add(tp, fp, fn);
                }
                string paired = reference is null ? "" : $"; − kmeans+gain {Paired(perBar, reference, bars)}";
                Log($"{split} {coder.Method}: F1 {perBar.F1:0.0000} (P {perBar.Precision:0.000} R {perBar.Recall:0.000});"
                    + $" seen beats {seenF1.F1:0.0000} ({seenF1.TruePositives + seenF1.FalseNegatives} true hits),"
                    + $" unseen beats {unseenF1.F1:0.0000} ({unseenF1.TruePositives + unseenF1.FalseNegatives} true hits)"
                    + $"{paired}; {(DateTime.UtcNow - started).TotalSeconds:0} s");
                reference ??= perBar;
            }
        }
        foreach (var coder in dictionaries) coder.Dispose();
    }

    static ulong Key(ReadOnlySpan<float> beat)
    {
        ulong key = 0;
        for (int d = 0; d < HitCells; d++) if (beat[d] > 0.5f) key |= 1UL << d;
        return key;
    }
}
