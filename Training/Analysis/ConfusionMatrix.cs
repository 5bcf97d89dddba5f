namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// How a probe's predicted labels fall against the true ones: <see cref="Counts"/> [K, K], row i the pieces whose true
/// label is <see cref="Labels"/>[i], column j those predicted as <see cref="Labels"/>[j]; the diagonal are the pieces
/// labelled right. <see cref="Labels"/> are every true and predicted label, in ordinal order.
/// </summary>
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, int[][] Counts)
{
    /// <summary>The matrix of <paramref name="actual"/> against <paramref name="predicted"/>, piece by piece.</summary>
    public static ConfusionMatrix Of(IReadOnlyList<string> actual, IReadOnlyList<string> predicted)
    {
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"{actual.Count} true labels against {predicted.Count} predicted ones");
        var labels = actual.Concat(predicted).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i);
        var counts = labels.Select(_ => new int[labels.Count]).ToArray();
        for (int i = 0; i < actual.Count; i++) counts[index[actual[i]]][index[predicted[i]]]++;
        return new ConfusionMatrix(labels, counts);
    }
}
