using System.Collections.Concurrent;

namespace TcnWtaNative.Tests;

/// <summary>
/// Temporary folders that live until the whole test run ends: shared fixtures (a model trained once per run, a
/// MAESTRO-shaped folder) outlive the test that made them, so no single test can delete them. This fixture, at the
/// root of the tests' namespaces, removes every folder it handed out once the last test has run.
/// </summary>
[SetUpFixture]
public sealed class TestRunFolders
{
    private static readonly ConcurrentBag<string> Created = [];

    /// <summary>A new empty folder under the system's temporary path, its name starting with the prefix.</summary>
    public static string Create(string prefix)
    {
        string folder = Directory.CreateTempSubdirectory(prefix).FullName;
        Created.Add(folder);
        return folder;
    }

    [OneTimeTearDown]
    public void RemoveAll()
    {
        foreach (string folder in Created)
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
