using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// Scores every method at every budget it supports on pieces of a fixed-rate representation, one piece at a time (so
/// memory holds one piece and per-piece counts): each reconstruction is decoded by the representation's ToNotes and
/// matched against the notes decoded from the piece itself, so both sides see the same rounding; the onsets found also
/// score their velocity error. Each reconstruction is decoded twice: at the fixed threshold 0.5 and at the threshold
/// tuned on the tuning pieces (<see cref="OnsetThresholdTuning"/>), reported beside it. Each baseline row carries the
/// model's lead in onset F1 (<see cref="PianoModelComparison"/>).
/// </summary>
public static class PianoRateDistortionStudy
{
    /// <summary>Rows in method order, budgets ascending; what a method cannot spend is listed as left out.</summary>
    public static PianoRateDistortionResult Run(IReadOnlyList<IPieceCoder> methods, IReadOnlyList<int> budgets,
        IEnumerable<EncodedPiece> tuningPieces, IEnumerable<EncodedPiece> pieces, IRollRepresentation representation,
        StepRate rate, string split)
    {
        var leftOut = new List<string>();
        var supported = new List<(IPieceCoder Method, int Budget)>();
        foreach (var method in methods)
            foreach (int budget in budgets.Order())
            {
                if (method.Unsupported(budget) is { } reason) leftOut.Add($"{method.Method} at {budget}/s: {reason}");
                else supported.Add((method, budget));
            }
        if (budgets.FirstOrDefault(budget => supported.All(s => s.Budget != budget)) is > 0 and int unspendable)
            throw new ArgumentException($"no method here spends {unspendable} non-zeros per second: "
                + string.Join("; ", leftOut.Where(line => line.Contains($" at {unspendable}/s: "))));
        var thresholds = OnsetThresholdTuning.Tune(supported, tuningPieces, representation, rate);
        var scored = supported.Select((s, i) => (s.Method, s.Budget, Tally: new Tally(thresholds[i]))).ToList();
        int pieceCount = 0;
        double seconds = 0;
        foreach (var piece in pieces)
        {
            rate.CheckFixed(representation, piece);
            var reference = representation.ToNotes(piece.Signal, piece.Length, piece.Bpm);
            foreach (var (method, budget, tally) in scored)
            {
                var code = method.Reconstruct(piece.Signal, piece.Length, budget);
                tally.Fixed.Add(reference, representation.ToNotes(code.Signal, piece.Length, piece.Bpm));
                tally.Tuned.Add(reference, representation.ToNotesAbove(code.Signal, piece.Length, tally.Threshold));
                tally.Nonzeros += code.Nonzeros;
            }
            pieceCount++;
            seconds += rate.Seconds(piece.Length);
        }
        if (pieceCount == 0) throw new ArgumentException($"the {split} split has no pieces to score");
        var rows = scored.Select(s =>
        {
            var (method, budget, tally) = s;
            var (onsetLow, onsetHigh) = tally.Fixed.Onsets.F1Interval();
            var (noteLow, noteHigh) = tally.Fixed.Notes.F1Interval();
            var (tunedLow, tunedHigh) = tally.Tuned.Onsets.F1Interval();
            var (velocityLow, velocityHigh) = tally.Fixed.Velocity.Interval();
            return new PianoRateDistortionRow(method.Method, budget, tally.Nonzeros / seconds, method.Atoms,
                method.BudgetMeaning(budget), split, pieceCount, seconds,
                tally.Fixed.Onsets.Precision, tally.Fixed.Onsets.Recall, tally.Fixed.Onsets.F1, onsetLow, onsetHigh,
                tally.Fixed.Notes.Precision, tally.Fixed.Notes.Recall, tally.Fixed.Notes.F1, noteLow, noteHigh,
                tally.Fixed.Velocity.Mean, velocityLow, velocityHigh,
                tally.Threshold, tally.Tuned.Onsets.Precision, tally.Tuned.Onsets.Recall, tally.Tuned.Onsets.F1,
                tunedLow, tunedHigh, tally.Tuned.Notes.F1);
        }).ToList();
        var compared = PianoModelComparison.Attach(rows, [.. scored.Select(s => s.Tally.Fixed.Onsets)]);
        return new PianoRateDistortionResult(compared, leftOut);
    }

    // onset and note (with offsets) matches of one decoding of the reconstructions, and the velocity error of the
    // onsets found (MIDI velocity / 127), each pooled over pieces
    private sealed class Matches
    {
        public PooledF1 Onsets { get; } = new();
        public PooledF1 Notes { get; } = new();
        public PooledMean Velocity { get; } = new();

        public void Add(IReadOnlyList<TimedNote> reference, IReadOnlyList<TimedNote> estimate)
        {
            var found = NoteMatching.MatchedPairs(reference, estimate);
            Onsets.Add(new NoteMatchResult(found.Count, reference.Count, estimate.Count));
            Notes.Add(NoteMatching.MatchWithOffsets(reference, estimate));
            Velocity.Add(found.Count, NoteMatching.VelocityErrorSum(reference, estimate, found));
        }
    }

    private sealed class Tally(float threshold)
    {
        public float Threshold { get; } = threshold;
        public Matches Fixed { get; } = new();
        public Matches Tuned { get; } = new();
        public long Nonzeros { get; set; }
    }
}
