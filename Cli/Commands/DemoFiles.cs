namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// The files `tcnwta demo` writes into its folder, named once so that they are checked before the training that makes
/// them and written together after it.
/// </summary>
public sealed record DemoFiles(string Folder)
{
    public string Model => Path.Combine(Folder, "model.safetensors");
    public string Png => Path.Combine(Folder, "atoms.png");
    public string AtomsMidi => Path.Combine(Folder, "atoms.mid");
    public string PatternsMidi => Path.Combine(Folder, "patterns.mid");

    /// <summary>Every file, for the output check.</summary>
    public IReadOnlyList<string> All => [Model, Png, AtomsMidi, PatternsMidi];
}
