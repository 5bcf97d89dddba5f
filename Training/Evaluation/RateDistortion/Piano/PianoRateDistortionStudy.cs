using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// Scores every method at every budget it supports on pieces of a fixed-rate representation, one piece at a time (so
/// memory holds one piece and per-piece counts): each reconstruction is decoded by the representation's ToNotes and
/// matched against the notes decoded from the piece itself, so both sides see the same rounding.
/// </summary>
public static class PianoRateDistortionStudy
{
    /// <summary>Rows in method order, budgets ascending; what a method cannot spend is listed as left out.</summary>
    public static PianoRateDistortionResult Run(IReadOnlyList<IPieceCoder> methods, IReadOnlyList<int> budgets,
        IEnumerable<EncodedPiece> pieces, IMusicRepresentation representation, StepRate rate, string split)
    {
        var leftOut = new List<string>();
        var scored = new List<(IPieceCoder Method, int Budget, Tally Tally)>();
        foreach (var method in methods)
            foreach (int budget in budgets.Order())
            {
                if (method.Unsupported(budget) is { } reason) leftOut.Add($"{method.Method} at {budget}/s: {reason}");
                else scored.Add((method, budget, new Tally()));
            }
        int pieceCount = 0;
        double seconds = 0;
        foreach (var piece in pieces)
        {
            double stepsPerSecond = representation.StepsPerSecond(piece.Bpm);
            if (stepsPerSecond != rate.StepsPerSecond)
                throw new ArgumentException(
                    $"the study needs a fixed frame rate: a piece runs at {stepsPerSecond} steps per second, not {rate.StepsPerSecond}");
            var reference = representation.ToNotes(piece.Signal, piece.Length, piece.Bpm);
            foreach (var (method, budget, tally) in scored)
            {
                var code = method.Reconstruct(piece.Signal, piece.Length, budget);
                var estimate = representation.ToNotes(code.Signal, piece.Length, piece.Bpm);
                tally.Onsets.Add(NoteMatching.Match(reference, estimate));
                tally.Notes.Add(NoteMatching.MatchWithOffsets(reference, estimate));
                tally.Nonzeros += code.Nonzeros;
            }
            pieceCount++;
            seconds += rate.Seconds(piece.Length);
        }
        if (pieceCount == 0) throw new ArgumentException($"the {split} split has no pieces to score");
        var rows = scored.Select(s =>
        {
            var (method, budget, tally) = s;
            var (onsetLow, onsetHigh) = tally.Onsets.F1Interval();
            var (noteLow, noteHigh) = tally.Notes.F1Interval();
            return new PianoRateDistortionRow(method.Method, budget, tally.Nonzeros / seconds, method.Atoms,
                method.BudgetMeaning(budget), split, pieceCount, seconds,
                tally.Onsets.Precision, tally.Onsets.Recall, tally.Onsets.F1, onsetLow, onsetHigh,
                tally.Notes.Precision, tally.Notes.Recall, tally.Notes.F1, noteLow, noteHigh);
        }).ToList();
        return new PianoRateDistortionResult(rows, leftOut);
    }

    private sealed class Tally
    {
        public PooledF1 Onsets { get; } = new();
        public PooledF1 Notes { get; } = new();
        public long Nonzeros { get; set; }
    }
}
