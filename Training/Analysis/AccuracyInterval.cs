namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// An accuracy of <see cref="Correct"/> out of <see cref="Total"/> with its Wilson score interval: for p = c / n and
/// z = 1.96 (95%), centre (p + z²/2n) / (1 + z²/n) and half-width z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/4n²).
/// Unlike p ± z·sqrt(p(1 − p)/n) it stays inside [0, 1] and is not empty at p = 0 or 1.
/// </summary>
public sealed record AccuracyInterval(int Correct, int Total, double Lower, double Upper)
{
    /// <summary>z of a two-sided 95% normal interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Correct / Total.</summary>
    public double Accuracy => (double)Correct / Total;

    /// <summary>
    /// The Wilson score interval of <paramref name="correct"/> successes in <paramref name="total"/> trials.
    /// </summary>
    public static AccuracyInterval Wilson(int correct, int total, double z = Z95)
    {
        if (total < 1) throw new ArgumentException($"an accuracy needs at least one scored piece, got {total}");
        if (correct < 0 || correct > total)
            throw new ArgumentException($"{correct} correct out of {total} is impossible");
        double n = total, p = correct / n, z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new AccuracyInterval(correct, total, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Counts the positions where <paramref name="predicted"/> equals <paramref name="actual"/>.</summary>
    public static AccuracyInterval Score(IReadOnlyList<string> predicted, IReadOnlyList<string> actual)
    {
        if (predicted.Count != actual.Count)
            throw new ArgumentException($"{predicted.Count} predictions for {actual.Count} labels");
        return Wilson(Enumerable.Range(0, actual.Count).Count(i => predicted[i] == actual[i]), actual.Count);
    }

    /// <summary>The chance level: the accuracy of always answering the most common training label.</summary>
    public static AccuracyInterval MajorityClass(IReadOnlyList<string> trainLabels, IReadOnlyList<string> testLabels)
    {
        string majority = trainLabels.GroupBy(l => l).OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        return Score([.. testLabels.Select(_ => majority)], testLabels);
    }

    /// <summary>"61.2% [52.3%, 69.4%] (79/129)".</summary>
    public override string ToString()
        => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Accuracy:P1} [{Lower:P1}, {Upper:P1}] ({Correct}/{Total})");
}
