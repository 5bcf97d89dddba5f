namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// One rate–distortion method: codes Groove bars with a given number of non-zero coefficients per bar and decodes
/// them again. Bars are stacked row-major [count, C, T] (C = 27 channels, T = steps per bar); reconstructions come
/// back in the same layout and in the input's space (hit channels as values to threshold, never logits).
/// </summary>
public interface IBarCoder
{
    /// <summary>
    /// The method's name in tables and JSON: model, model+omp, model+gain, model+union, kmeans, kmeans+gain,
    /// kmeans+union, random+omp, random+gain, random+union or pca; denoising adds noisy, cell-prior, kmeans-denoise and
    /// CODE+prior.
    /// </summary>
    string Method { get; }

    /// <summary>N at that budget: the atoms, centroids or principal axes the method chooses from.</summary>
    int AtomsAt(int nonzerosPerBar);

    /// <summary>Whether the method can spend exactly this many non-zeros per bar.</summary>
    bool Supports(int nonzerosPerBar);

    /// <summary>
    /// What one bar's code is at that budget, for people: "k = 1 per one-beat frame", "one 4-step centroid per beat".
    /// </summary>
    string BudgetMeaning(int nonzerosPerBar);

    /// <summary>
    /// bars [count, C, T] -> their reconstructions [count, C, T] at <paramref name="nonzerosPerBar"/>.
    /// </summary>
    float[] Reconstruct(float[] bars, int count, int nonzerosPerBar);
}
