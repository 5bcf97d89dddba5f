namespace TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

/// <summary>A reconstruction [C, T] and the non-zero code entries it took.</summary>
public sealed record PieceCode(float[] Signal, int Nonzeros);

/// <summary>
/// One piano rate–distortion method: codes a piece [C, T] of a fixed-rate representation with a budget of non-zero
/// code entries per second of music and decodes it again, in the input's layout and length.
/// </summary>
public interface IPieceCoder
{
    /// <summary>
    /// The method's name in tables and JSON: model, model+omp, kmeans, random+omp, keys+omp or values.
    /// </summary>
    string Method { get; }

    /// <summary>N: the atoms or centroids the method chooses from.</summary>
    int Atoms { get; }

    /// <summary>Why the method cannot spend this budget (e.g. not a whole k per frame), or null when it can.</summary>
    string? Unsupported(int nonzerosPerSecond);

    /// <summary>What the code is at that budget, for people: "k = 2 per 8-step frame".</summary>
    string BudgetMeaning(int nonzerosPerSecond);

    /// <summary>
    /// signal [C, <paramref name="length"/>] -> its reconstruction [C, length] and the non-zeros spent.
    /// </summary>
    PieceCode Reconstruct(float[] signal, int length, int nonzerosPerSecond);
}
