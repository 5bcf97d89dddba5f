using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Fixed-size summaries of a drum grid [27, L K] in frames of K steps (a model's atom length): <see cref="Mean"/>
/// [27 K], the mean frame, channel by channel and step by step (row-major [C, K]), taken before the hit threshold, so
/// a decoded hit cell's value keeps how strongly the code lights it; <see cref="Profile"/> [3 · 9 K], how the hits are
/// played: for each drum class d and step j of the frame (row-major [9, K] each), the share of frames with a hit there
/// (hit channel above <see cref="GrooveHitMetrics.DefaultThreshold"/>, as reconstruct and evaluate decode), then the
/// mean velocity and the mean offset over those frames (0 where none). Read from a piece's code through the model's
/// own decoder (the decoded frames are its L code columns), they are the decoded-mean and decoded-profile code sets;
/// read from the input grid the model encodes, the profile is the model-free "played profile" baseline
/// (<see cref="PieceFeatures.PlayedProfile"/>).
/// </summary>
public sealed record DrumFrames(double[] Mean, double[] Profile)
{
    /// <summary>
    /// Pools a grid's windows [27, Lw K] a window at a time (as <see cref="PooledCode.Accumulator"/> pools the code),
    /// memory [27 K].
    /// </summary>
    public sealed class Accumulator
    {
        private const int Classes = DrumMapping.ClassCount;
        private readonly int _frameLength;
        private readonly double[] _sum, _hits, _velocity, _offset;
        private long _frames;

        /// <summary>An empty accumulator for a 27-channel drum grid in frames of <paramref name="frameLength"/>
        /// steps.</summary>
        public Accumulator(int channels, int frameLength)
        {
            if (channels != 3 * Classes)
                throw new ArgumentException(
                    $"a drum frame profile reads a drum grid of {3 * Classes} channels, not {channels}");
            if (frameLength < 1) throw new ArgumentException($"a frame needs at least one step, got {frameLength}");
            _frameLength = frameLength;
            _sum = new double[channels * frameLength];
            int cells = Classes * frameLength;
            (_hits, _velocity, _offset) = (new double[cells], new double[cells], new double[cells]);
        }

        /// <summary>Adds <paramref name="frames"/> frames: signal [27, frames K], row-major.</summary>
        public void Add(ReadOnlySpan<float> signal, int frames)
        {
            int k = _frameLength, steps = frames * k;
            if (signal.Length != 3 * Classes * steps)
                throw new ArgumentException(
                    $"{frames} frames of {k} steps over {3 * Classes} channels are {3 * Classes * steps} values, "
                    + $"not {signal.Length}");
            for (int c = 0; c < 3 * Classes; c++)
                for (int t = 0; t < steps; t++) _sum[c * k + t % k] += signal[c * steps + t];
            for (int d = 0; d < Classes; d++)
                for (int t = 0; t < steps; t++)
                {
                    if (!(signal[d * steps + t] > GrooveHitMetrics.DefaultThreshold)) continue;
                    int cell = d * k + t % k;
                    _hits[cell]++;
                    _velocity[cell] += signal[(Classes + d) * steps + t];
                    _offset[cell] += signal[(2 * Classes + d) * steps + t];
                }
            _frames += frames;
        }

        /// <summary>The summaries of every frame added so far (zeros before any).</summary>
        public DrumFrames Result()
        {
            double frames = Math.Max(1, _frames);
            static double Where(double sum, double hits) => hits > 0 ? sum / hits : 0;
            return new DrumFrames([.. _sum.Select(s => s / frames)],
            [
                .. _hits.Select(h => h / frames), .. _velocity.Select((v, cell) => Where(v, _hits[cell])),
                .. _offset.Select((o, cell) => Where(o, _hits[cell])),
            ]);
        }
    }
}
