namespace TcnWtaNative.Tests.Applications.Support;

/// <summary>
/// A command test's own output folder, created once for the fixture with a synthetic rock pattern written in it as
/// MIDI input, and deleted at the end.
/// </summary>
public abstract class SyntheticRockFolder
{
    /// <summary>The fixture's output folder.</summary>
    protected string Folder { get; private set; } = null!;

    /// <summary>Four bars of the synthetic rock pattern, a MIDI file in <see cref="Folder"/>.</summary>
    protected string Rock { get; private set; } = null!;

    [OneTimeSetUp]
    public void WriteInputs()
    {
        Folder = TestModels.OutputFolder();
        Rock = TestModels.SyntheticFile(Folder, 0);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(Folder, true);

    /// <summary>A path in <see cref="Folder"/>.</summary>
    protected string Out(string name) => Path.Combine(Folder, name);
}
