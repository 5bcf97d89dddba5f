namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Hears a long fit's progress: step <paramref name="done"/> of <paramref name="total"/> of the stage named
/// <paramref name="stage"/> (k-means++ seeds, k-means rounds, Lloyd refit rounds). Called on the fitting thread.
/// </summary>
public delegate void StageProgress(string stage, int done, int total);
