using System.Globalization;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// interpolate's MIDI files in --out: step-0.mid (A) to step-S.mid (B), the numbers zero-padded to the digits of S
/// (step-00.mid .. step-12.mid). The step files of an earlier run, which --overwrite replaces, are removed as a whole
/// first, so that a run of fewer steps (or other padding) does not leave the folder mixing two paths.
/// </summary>
internal static class InterpolationStepFiles
{
    /// <summary>The file in <paramref name="folder"/> of step <paramref name="step"/> of a path of S steps.</summary>
    public static string Of(string folder, int step, int steps)
    {
        int digits = steps.ToString(CultureInfo.InvariantCulture).Length;
        return Path.Combine(folder, $"step-{step.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0')}.mid");
    }

    /// <summary>Deletes every step-N.mid in <paramref name="folder"/>; other files are left alone.</summary>
    public static void RemoveEarlier(string folder)
    {
        foreach (string file in Directory.EnumerateFiles(folder, "step-*.mid"))
            if (Path.GetFileNameWithoutExtension(file)["step-".Length..] is { Length: > 0 } number
                && number.All(char.IsAsciiDigit))
                File.Delete(file);
    }
}
