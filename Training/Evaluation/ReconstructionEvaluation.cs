using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Training.Evaluation;

/// <summary>Scores a trained model's reconstructions of held-out data at the model's current k.</summary>
public static class ReconstructionEvaluation
{
    /// <summary>
    /// Equal-length Groove sections (each [27, steps]) in batches: the mean loss over sections and the hit metrics of
    /// the reconstructions in the grid's space (<see cref="OutputActivation"/>: hit probabilities under the hits loss).
    /// </summary>
    public static (double Loss, GrooveHitMetrics Hits) GrooveSections(Autoencoder model,
        IReadOnlyList<float[]> sections, int steps, int batchSize = 1024)
    {
        if (sections.Count == 0) throw new ArgumentException("there are no sections to evaluate");
        var hits = new GrooveHitMetrics();
        double lossSum = 0;
        int channels = model.Config.InputChannels, size = channels * steps;
        for (int start = 0; start < sections.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, sections.Count - start);
            var stacked = new float[count * size];
            for (int i = 0; i < count; i++) sections[start + i].CopyTo(stacked, i * size);
            using var batch = Tensor.FromHost(model.Backend, stacked, count, channels, steps);
            var output = model.Forward(batch);
            lossSum += model.ComputeLoss() * (double)count;
            var reconstruction = output.ToHost(model.Backend);
            OutputActivation.Apply(model.Config, reconstruction, output.Length);
            for (int i = 0; i < count; i++)
            {
                var trimmed = SignalRows.TrimToLength(
                    reconstruction.AsSpan(i * channels * output.Length, channels * output.Length).ToArray(), channels,
                    output.Length, steps);
                hits.Add(stacked.AsSpan(i * size, size), trimmed, steps);
            }
        }
        return (lossSum / sections.Count, hits);
    }

    /// <summary>
    /// Pieces one at a time, each coded by the model's encoder at its current k and decoded window by window
    /// (<see cref="PieceReconstruction"/>, <paramref name="plan"/>'s windows, the model's own when null), so memory
    /// holds one window and one piece's notes: the mean per-piece loss, and note-onset matching of the decoded
    /// reconstruction against the decoded input (same pitch, onsets within <paramref name="onsetTolerance"/> seconds),
    /// summed over pieces. Equal to the whole-piece result; the loss to float rounding (its sums run window by window).
    /// </summary>
    public static (double Loss, NoteMatchResult Notes) Pieces(TrainedModel trained, IEnumerable<ISignalWindows> pieces,
        double onsetTolerance = NoteMatching.DefaultOnsetTolerance, WindowPlan? plan = null)
    {
        double lossSum = 0;
        int count = 0, matched = 0, references = 0, estimates = 0;
        foreach (var piece in pieces)
        {
            var reconstruction = PieceReconstruction.Run(trained, piece, p => trained.Encode(p), plan);
            var match = NoteMatching.Match(reconstruction.InputNotes, reconstruction.Output.Notes(), onsetTolerance);
            lossSum += reconstruction.Loss;
            count++;
            (matched, references, estimates) = (matched + match.Matched, references + match.ReferenceCount,
                estimates + match.EstimateCount);
        }
        if (count == 0) throw new ArgumentException("there are no pieces to evaluate");
        return (lossSum / count, new NoteMatchResult(matched, references, estimates));
    }
}
