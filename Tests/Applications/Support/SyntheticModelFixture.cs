using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications.Support;

/// <summary>
/// A command test's fixture over the shared synthetic model (<see cref="TestModels.Synthetic"/>), loaded once on the
/// CPU, with two synthetic drum sequences A and B written as MIDI input in its own output folder, deleted at the end.
/// </summary>
public abstract class SyntheticModelFixture
{
    private CpuBackend _backend = null!;

    /// <summary>The fixture's output folder.</summary>
    protected string Folder { get; private set; } = null!;

    /// <summary>Eight bars of synthetic patterns, a MIDI file in <see cref="Folder"/>.</summary>
    protected string A { get; private set; } = null!;

    /// <summary>Nine other bars of synthetic patterns, a MIDI file in <see cref="Folder"/>.</summary>
    protected string B { get; private set; } = null!;

    /// <summary>The synthetic model, loaded on the CPU.</summary>
    protected TrainedModel Trained { get; private set; } = null!;

    [OneTimeSetUp]
    public void Open()
    {
        Folder = TestModels.OutputFolder();
        A = TestModels.SyntheticSequence(Path.Combine(Folder, "a.mid"), [0, 0, 1, 2, 0, 4, 1, 2]);
        B = TestModels.SyntheticSequence(Path.Combine(Folder, "b.mid"), [3, 5, 5, 1, 2, 3, 5, 2, 0]);
        _backend = new CpuBackend();
        Trained = TrainedModel.Load(TestModels.Synthetic, _backend);
    }

    [OneTimeTearDown]
    public void Close()
    {
        Trained.Dispose();
        _backend.Dispose();
        Directory.Delete(Folder, true);
    }

    /// <summary>A path in <see cref="Folder"/>.</summary>
    protected string Out(string name) => Path.Combine(Folder, name);

    /// <summary>A command line on <paramref name="model"/> and the CPU.</summary>
    protected static string[] On(string model, params string[] args) => [.. args, "--model", model, "--device", "cpu"];
}
