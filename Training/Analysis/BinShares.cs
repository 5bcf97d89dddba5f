namespace TcnWtaNative.Training.Analysis;

/// <summary>Histograms as shares: how many items fell in each bin over all items.</summary>
public static class BinShares
{
    /// <summary>
    /// The share of <paramref name="bins"/> in each of <paramref name="count"/> bins [count]; all zero without items.
    /// </summary>
    public static double[] Of(IEnumerable<int> bins, int count)
    {
        var shares = new double[count];
        int total = 0;
        foreach (int bin in bins) { shares[bin]++; total++; }
        if (total > 0) for (int b = 0; b < count; b++) shares[b] /= total;
        return shares;
    }
}
