namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// The argument checks every <see cref="ISignalWindows.Read"/> and <see cref="ISignalAssembler.Append"/> share.
/// </summary>
internal static class WindowChecks
{
    /// <summary>
    /// Throws unless start &gt;= 0, count &gt;= 0 and the window holds exactly [channels, count] values.
    /// </summary>
    public static void Check(int channels, int start, int count, int windowLength)
    {
        if (start < 0 || count < 0 || windowLength != (long)channels * count)
            throw new ArgumentException(
                $"a window of {count} steps from step {start} holds [{channels}, {count}] values, got {windowLength}");
    }
}
