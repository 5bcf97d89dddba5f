using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Applications;

/// <summary>One step of an interpolation: the mixing weight t (0 = A, 1 = B), the mixed code [N, L] and its decoding [C, Length].</summary>
public sealed record InterpolationStep(double T, SparseCode Code, float[] Signal, int Length, double Bpm);

/// <summary>The steps from A to B, and the sections of A and B that were mixed.</summary>
public sealed record InterpolationResult(IReadOnlyList<InterpolationStep> Steps, SectionMatch Sections);

/// <summary>
/// Interpolation between two pieces in code space: the codes of two equally long sections are mixed linearly,
/// (1 - t) A + t B for t = 0, 1/S, ..., 1, each mix goes through the model's channel top-k again, each column is
/// scaled to the mixed norm of A's and B's (<see cref="CodeEditing.KeepMixedEnergy"/>, so the path has no silent
/// middle), and is decoded.
/// The sections are the pieces' common beginning, or with a match length the most cosine-similar windows
/// (<see cref="SectionMatching"/>), as the paper suggests. The tempo moves linearly from A's to B's.
/// </summary>
public static class Interpolation
{
    public static InterpolationResult Between(TrainedModel trained, EncodedPiece a, EncodedPiece b, int steps, int? matchColumns)
    {
        if (steps < 1) throw new ArgumentException($"an interpolation needs at least 1 step, got {steps}");
        var codeA = trained.Encode(a);
        var codeB = trained.Encode(b);
        int frame = trained.Model.Config.FrameLength;
        var sections = matchColumns is int columns
            ? SectionMatching.MostSimilar(codeA, codeB, columns)
            : new SectionMatch(0, 0, Math.Min(codeA.Columns, codeB.Columns), double.NaN);
        int length = matchColumns is null ? Math.Min(a.Length, b.Length) : sections.Columns * frame;
        var sectionA = CodeEditing.Columns(codeA, sections.FirstA, sections.Columns);
        var sectionB = CodeEditing.Columns(codeB, sections.FirstB, sections.Columns);
        int k = trained.Model.TopK;
        var result = new List<InterpolationStep>();
        for (int i = 0; i <= steps; i++)
        {
            double t = (double)i / steps;
            var mix = CodeEditing.KeepMixedEnergy(CodeEditing.Interpolate(sectionA, sectionB, t, k), sectionA, sectionB, t);
            result.Add(new InterpolationStep(t, mix, trained.Decode(mix, length), length, (1 - t) * a.Bpm + t * b.Bpm));
        }
        return new InterpolationResult(result, sections);
    }
}
