using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// Chooses, for each (method, budget), the decoding threshold of the reconstruction with the best pooled note-onset F1
/// on tuning pieces (the validation split), from <see cref="RateDistortionStudy.CandidateThresholds"/>, the lower one
/// on ties: what the Groove study does for hits. The piano study reports it beside the fixed 0.5, never instead.
/// </summary>
public static class OnsetThresholdTuning
{
    /// <summary>One threshold per entry of <paramref name="methods"/>, reading the tuning pieces once.</summary>
    public static float[] Tune(IReadOnlyList<(IPieceCoder Method, int Budget)> methods,
        IEnumerable<EncodedPiece> pieces, IRollRepresentation representation, StepRate rate)
    {
        var candidates = RateDistortionStudy.CandidateThresholds;
        var tallies = methods.Select(_ => candidates.Select(_ => new PooledF1()).ToArray()).ToArray();
        int count = 0;
        foreach (var piece in pieces)
        {
            rate.CheckFixed(representation, piece);
            var reference = representation.ToNotes(piece.Signal, piece.Length, piece.Bpm);
            for (int i = 0; i < methods.Count; i++)
            {
                var code = methods[i].Method.Reconstruct(piece.Signal, piece.Length, methods[i].Budget);
                for (int t = 0; t < candidates.Count; t++)
                    tallies[i][t].Add(NoteMatching.Match(reference,
                        representation.ToNotesAbove(code.Signal, piece.Length, candidates[t])));
            }
            count++;
        }
        if (count == 0)
            throw new ArgumentException("the validation split has no pieces to tune the onset threshold on");
        return [.. tallies.Select(byThreshold =>
            candidates[Enumerable.Range(0, candidates.Count).MaxBy(t => (byThreshold[t].F1, -candidates[t]))])];
    }
}
