using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications.Windows;
using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Tests.Applications.Windows;

/// <summary>
/// `evaluate`'s piece-by-piece, window-by-window scoring of an events model gives what scoring each whole piece gives:
/// the same note matches (so the same F1) and the same mean loss within 1e-5 relative, with and without a TCN, at the
/// model's k and at k = 1.
/// </summary>
public class WindowedEvaluationTests
{
    private CpuBackend _backend = null!;

    [OneTimeSetUp]
    public void Open() => _backend = new CpuBackend();

    [OneTimeTearDown]
    public void Close() => _backend.Dispose();

    [TestCase(new int[0], TestName = "EvaluationInWindowsEqualsTheWholePieces(no TCN)")]
    [TestCase(new[] { 6, 5 }, TestName = "EvaluationInWindowsEqualsTheWholePieces(TCN 6,5)")]
    public void EvaluationInWindowsEqualsTheWholePieces(int[] tcn)
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.Events));
        using var trained = WindowTestPieces.Model(_backend, representation, tcn);
        var songs = new[] { 5, 6,
            7 }.Select(seed => WindowTestPieces.Song(RepresentationKind.Events, seed, notes: 40 + seed)).ToList();
        var plan = WindowPlan.For(trained.Model.Config, frames: 3);
        Assert.That(plan.Over(representation.Encode(songs[0]).Length).Count(), Is.GreaterThan(3),
            "each piece spans several windows");

        foreach (int k in new[] { trained.Model.TopK, 1 })
        {
            trained.Model.TopK = k;
            double lossSum = 0;
            int matched = 0, references = 0, estimates = 0;
            foreach (var piece in songs.Select(representation.Encode))
            {
                var (output, loss) = trained.Model.Reconstruct(piece.Signal, piece.Length);
                var match = NoteMatching.Match(representation.ToNotes(piece.Signal, piece.Length, piece.Bpm),
                    representation.ToNotes(output, piece.Length, piece.Bpm));
                lossSum += loss;
                (matched, references, estimates) = (matched + match.Matched, references + match.ReferenceCount,
                    estimates + match.EstimateCount);
            }
            var whole = new NoteMatchResult(matched, references, estimates);

            var (windowedLoss, windowed) = ReconstructionEvaluation.Pieces(trained,
                songs.Select(representation.Windows), plan: plan);

            Assert.That(references, Is.GreaterThan(0), "the pieces have notes to match");
            Assert.That((windowed.Matched, windowed.ReferenceCount, windowed.EstimateCount),
                Is.EqualTo((matched, references, estimates)), $"k = {k}: the matches");
            Assert.That(windowed.F1, Is.EqualTo(whole.F1), $"k = {k}: note F1");
            Assert.That(windowedLoss, Is.EqualTo(lossSum / songs.Count).Within(1e-5 * lossSum / songs.Count),
                $"k = {k}: the mean loss");
        }
    }
}
