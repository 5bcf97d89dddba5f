using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Evaluation;

/// <summary>Scores a trained model's reconstructions of held-out data at the model's current k.</summary>
public static class ReconstructionEvaluation
{
    /// <summary>
    /// Equal-length Groove sections (each [27, steps]) in batches: the mean loss over sections and the hit metrics of the
    /// reconstructions in the grid's space (<see cref="OutputActivation"/>: hit probabilities under the hits loss).
    /// </summary>
    public static (double Loss, GrooveHitMetrics Hits) GrooveSections(Autoencoder model, IReadOnlyList<float[]> sections, int steps, int batchSize = 1024)
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
                var trimmed = SignalRows.TrimToLength(reconstruction.AsSpan(i * channels * output.Length, channels * output.Length).ToArray(), channels, output.Length, steps);
                hits.Add(stacked.AsSpan(i * size, size), trimmed, steps);
            }
        }
        return (lossSum / sections.Count, hits);
    }

    /// <summary>
    /// Whole pieces one at a time: the mean per-piece loss, and note-onset matching of the decoded reconstruction
    /// against the decoded input (same pitch, onsets within <paramref name="onsetTolerance"/> seconds), summed over pieces.
    /// </summary>
    public static (double Loss, NoteMatchResult Notes) Pieces(Autoencoder model, IMusicRepresentation representation, IEnumerable<EncodedPiece> pieces,
        double onsetTolerance = NoteMatching.DefaultOnsetTolerance)
    {
        double lossSum = 0;
        int count = 0, matched = 0, references = 0, estimates = 0;
        foreach (var piece in pieces)
        {
            var (reconstruction, loss) = model.Reconstruct(piece.Signal, piece.Length);
            var match = NoteMatching.Match(
                representation.ToNotes(piece.Signal, piece.Length, piece.Bpm),
                representation.ToNotes(reconstruction, piece.Length, piece.Bpm), onsetTolerance);
            lossSum += loss;
            count++;
            (matched, references, estimates) = (matched + match.Matched, references + match.ReferenceCount, estimates + match.EstimateCount);
        }
        if (count == 0) throw new ArgumentException("there are no pieces to evaluate");
        return (lossSum / count, new NoteMatchResult(matched, references, estimates));
    }
}
