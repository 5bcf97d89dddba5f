namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// The exact McNemar test of two classifiers scored on the same pieces: under the null hypothesis that both are
/// equally accurate, each of the n = b + c discordant pieces (b: only the first right, c: only the second) is the
/// first's with probability 1/2, so the two-sided p-value is min(1, 2 · P(X ≤ min(b, c))) for X ~ Binomial(n, 1/2),
/// and 1 when no piece is discordant.
/// </summary>
public static class McNemarTest
{
    /// <summary>
    /// The two-sided exact p-value of <paramref name="onlyFirst"/> against <paramref name="onlySecond"/> discordant
    /// pieces.
    /// </summary>
    public static double ExactPValue(int onlyFirst, int onlySecond)
    {
        if (onlyFirst < 0 || onlySecond < 0)
            throw new ArgumentException($"discordant counts must not be negative, got {onlyFirst} and {onlySecond}");
        int n = onlyFirst + onlySecond, smaller = Math.Min(onlyFirst, onlySecond);
        // log C(n, k) − n log 2, term by term from k = 0, so large n neither overflows nor loses the tail
        double logTerm = -n * Math.Log(2), tail = 0;
        for (int k = 0; k <= smaller; k++)
        {
            if (k > 0) logTerm += Math.Log(n - k + 1) - Math.Log(k);
            tail += Math.Exp(logTerm);
        }
        return Math.Min(1, 2 * tail);
    }
}
