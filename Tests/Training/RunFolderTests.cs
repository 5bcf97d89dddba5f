using TcnWtaNative.Training;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>Tests that train into run folders under a temporary folder of their own, removed after each test.</summary>
public abstract class RunFolderTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = TrainingFixtures.TempRun();

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    /// <summary>The run folder of that name under this test's temporary folder.</summary>
    protected RunFolder Run(string name) => new(Path.Combine(_directory, name));
}
