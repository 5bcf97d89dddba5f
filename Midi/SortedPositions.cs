namespace TcnWtaNative.Midi;

/// <summary>Binary search over items sorted by an integer position (a step, a column).</summary>
public static class SortedPositions
{
    /// <summary>
    /// The index of the first item of <paramref name="items"/> (in ascending <paramref name="positionOf"/>) at or after
    /// <paramref name="position"/>.
    /// </summary>
    public static int FirstAtOrAfter<T>(IReadOnlyList<T> items, int position, Func<T, int> positionOf)
    {
        int low = 0, high = items.Count;
        while (low < high)
        {
            int middle = low + (high - low) / 2;
            if (positionOf(items[middle]) < position) low = middle + 1;
            else high = middle;
        }
        return low;
    }
}
