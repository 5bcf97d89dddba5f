namespace TcnWtaNative.Tests.Support;

/// <summary>The repository's root, the folder that holds TcnWtaNative.sln, found above the test directory.</summary>
public static class RepositoryFolder
{
    /// <summary>The root's full path; throws when no folder above the tests holds TcnWtaNative.sln.</summary>
    public static string Root()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "TcnWtaNative.sln"))) dir = dir.Parent;
        return dir?.FullName
            ?? throw new InvalidOperationException("TcnWtaNative.sln not found above the test directory");
    }
}
