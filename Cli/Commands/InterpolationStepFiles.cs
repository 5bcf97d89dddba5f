using System.Globalization;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// interpolate's MIDI files in --out: step-0.mid (A) to step-S.mid (B), the numbers zero-padded to the digits of S
/// (step-00.mid .. step-12.mid). The step files of an earlier run, which --overwrite replaces, are removed once the
/// new path is in place, so that a run of fewer steps (or other padding) does not leave the folder mixing two paths.
/// </summary>
internal static class InterpolationStepFiles
{
    /// <summary>The file in <paramref name="folder"/> of step <paramref name="step"/> of a path of S steps.</summary>
    public static string Of(string folder, int step, int steps)
    {
        int digits = steps.ToString(CultureInfo.InvariantCulture).Length;
        return Path.Combine(folder, $"step-{step.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0')}.mid");
    }

    /// <summary>
    /// Every file a path of <paramref name="steps"/> steps writes into <paramref name="folder"/> or removes from it
    /// (an earlier run's step files), so that none of them can be one of the command's inputs.
    /// </summary>
    public static IEnumerable<string> Touched(string folder, int steps)
        => Earlier(folder).Union(Enumerable.Range(0, steps + 1).Select(step => Of(folder, step, steps)));

    /// <summary>
    /// Deletes every step-N.mid in <paramref name="folder"/> that is not a step of a path of <paramref name="steps"/>
    /// steps; other files are left alone.
    /// </summary>
    public static void RemoveEarlier(string folder, int steps)
    {
        var current = Enumerable.Range(0, steps + 1).Select(step => Path.GetFullPath(Of(folder, step, steps)));
        foreach (string file in Earlier(folder).Select(Path.GetFullPath).Except(current)) File.Delete(file);
    }

    // the step-N.mid files in folder (none when it does not exist)
    private static IEnumerable<string> Earlier(string folder)
        => Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "step-*.mid").Where(file =>
                Path.GetFileNameWithoutExtension(file)["step-".Length..] is { Length: > 0 } number
                && number.All(char.IsAsciiDigit)).ToList()
            : [];
}
