namespace TcnWtaNative.Cli;

/// <summary>File sizes as the commands print them: "338.1 KB", "55.70 MB" (binary units).</summary>
public static class ByteSizes
{
    public static string Describe(long bytes)
        => bytes >= 1 << 20 ? $"{bytes / 1048576.0:F2} MB" : $"{bytes / 1024.0:F1} KB";
}
