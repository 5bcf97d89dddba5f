using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Evaluation;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using static Common;

/// <summary>
/// Part 2: the union-of-layers code on two-beat frames (2 frames x 2 atoms = 4 non-zeros per bar, N = 1000), scored on
/// validation against kmeans+gain at 4 per bar with the paired bootstrap. Dictionaries: two-beat k-means centroids,
/// random training frames, drum-group layered k-means, and each refit by alternation (assign by the coder, refit each
/// atom by least squares on the cells it is responsible for).
/// </summary>
static class Union
{
    const int Frame = 8, FrameSize = Channels * Frame, Cells = Drums * Frame;
    static readonly int[] Cymbals = [2, 3, 7, 8], Kit = [0, 1, 4, 5, 6];

    public static void Run(IComputeBackend backend, string split, int iterations, string[] which)
    {
        var train = Load("train");
        var scored = Load(split);
        var trainFrames = BarSegments.Cut(train.Values, train.Count, Channels, Steps, Frame);
        KMeansBarCoder? kmeans = null;
        var beatCentroids = Centroids(backend, train, 4, ref kmeans);
        GrooveHitMetrics baseline;
        using (var gain = new GainSearchCoder("kmeans+gain", backend, beatCentroids, Atoms, Channels, 4, Steps))
            baseline = Score(scored, gain.Reconstruct(scored.Values, scored.Count, 4));
        Log($"{split} kmeans+gain 4/bar (one-beat centroids): F1 {baseline.F1:0.0000}");
        foreach (string name in which)
        {
            var atoms = name switch
            {
                "kmeans" => Centroids(backend, train, Frame, ref kmeans),
                "random" => RandomFrames.Draw(train, Frame, Atoms, Seed),
                "layered" => Layered(backend, trainFrames),
                _ => throw new ArgumentException($"unknown dictionary {name}"),
            };
            for (int iteration = 0; ; iteration++)
            {
                var coder = new UnionCoder(atoms, Atoms, Frame);
                var started = DateTime.UtcNow;
                var (codes, wrong) = coder.Encode(trainFrames);
                if (split == "validation" || iteration == iterations) // the test split is scored once
                    Report(coder, scored, baseline, $"{name}+union, {iteration} refits",
                    $"train wrong cells {wrong}; train coding {(DateTime.UtcNow - started).TotalSeconds:0} s");
                if (iteration == iterations) break;
                atoms = Refit(coder, atoms, trainFrames, codes);
                if (Environment.GetEnvironmentVariable("U12_RESEED") == "1") Reseed(atoms, trainFrames, codes);
            }
        }
    }

    static void Report(UnionCoder coder, Bars scored, GrooveHitMetrics baseline, string label, string note)
    {
        var frames = BarSegments.Cut(scored.Values, scored.Count, Channels, Steps, Frame);
        var (oneCodes, _) = coder.Encode(frames, secondAtom: false);
        var one = Score(scored, BarSegments.Paste(coder.Decode(oneCodes), scored.Count, Channels, Steps, Frame));
        var (codes, wrong) = coder.Encode(frames);
        var union = Score(scored, BarSegments.Paste(coder.Decode(codes), scored.Count, Channels, Steps, Frame));
        int used = codes.SelectMany(c => new[] { c.Atom1, c.Atom2 }).Where(a => a >= 0).Distinct().Count();
        Log($"{scored.Split} {label}: union 4/bar F1 {union.F1:0.0000} (P {union.Precision:0.000} R "
            + $"{union.Recall:0.000}, vel MAE {union.VelocityMae:0.000}, {wrong} wrong cells, {used} atoms used); "
            + $"− kmeans+gain {Paired(union, baseline, scored)}; first atom alone 2/bar {one.F1:0.0000}; {note}");
    }

    // alternation's update: atom a = Σ g x / Σ g² per cell, over the (frame, drum, step) it is responsible for
    static float[] Refit(UnionCoder coder, float[] atoms, float[] frames, UnionCoder.Code[] codes)
    {
        var sums = new double[atoms.Length];
        var weights = new double[atoms.Length];
        for (int f = 0; f < codes.Length; f++)
            for (int d = 0; d < Cells; d++)
            {
                var (atom, gain) = coder.Responsible(codes[f], d);
                if (atom < 0) continue;
                for (int group = 0; group < 3; group++)
                {
                    int cell = atom * FrameSize + group * Cells + d;
                    sums[cell] += gain * (double)frames[f * FrameSize + group * Cells + d];
                    weights[cell] += (double)gain * gain;
                }
            }
        var refit = (float[])atoms.Clone();
        for (int i = 0; i < refit.Length; i++) if (weights[i] > 0) refit[i] = (float)(sums[i] / weights[i]);
        return refit;
    }

    // atoms no training frame used take the worst-coded training frames (most wrong cells), one each
    static void Reseed(float[] atoms, float[] frames, UnionCoder.Code[] codes)
    {
        var used = new bool[Atoms];
        foreach (var c in codes)
        {
            if (c.Atom1 >= 0) used[c.Atom1] = true;
            if (c.Atom2 >= 0) used[c.Atom2] = true;
        }
        var worst = Enumerable.Range(0, codes.Length).OrderByDescending(f => codes[f].Errors).ThenBy(f => f).ToArray();
        int next = 0;
        for (int n = 0; n < Atoms; n++)
            if (!used[n])
                frames.AsSpan(worst[next++] * FrameSize, FrameSize).CopyTo(atoms.AsSpan(n * FrameSize, FrameSize));
        Log($"re-seeded {next} unused atoms from the worst-coded training frames");
    }

    // 500 k-means centroids of the frames' cymbal rows (closed/open hi-hat, crash, ride) and 500 of the kick, snare
    // and tom rows, each with the other rows zeroed: a layer per drum group
    static float[] Layered(IComputeBackend backend, float[] frames)
    {
        string path = Path.Combine(OutDir, "layered-K8.f32");
        if (File.Exists(path)) return ReadFloats(path);
        var atoms = new float[Atoms * FrameSize];
        int half = Atoms / 2;
        foreach (var (rows, offset) in new[] { (Cymbals, 0), (Kit, half) })
        {
            var masked = new float[frames.Length];
            for (int f = 0; f < frames.Length / FrameSize; f++)
                foreach (int drum in rows)
                    for (int group = 0; group < 3; group++)
                        frames.AsSpan(f * FrameSize + (group * Drums + drum) * Frame, Frame)
                            .CopyTo(masked.AsSpan(f * FrameSize + (group * Drums + drum) * Frame, Frame));
            var fit = KMeans.Fit(backend, masked, FrameSize, half, Seed);
            fit.Centroids.CopyTo(atoms, offset * FrameSize);
            Log($"layered: {half} centroids of drums {string.Join(",", rows)} fit");
        }
        WriteFloats(path, atoms);
        return atoms;
    }
}
