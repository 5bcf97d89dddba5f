using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// Numbers an atom initializer's stage reports (name, done, total) as <see cref="InitializationReport"/>s, stage s of
/// S: a report under a new name starts the next stage. The stages, in order: k-means++ seeds (frames and every k-means
/// start), k-means rounds (every k-means start), then the Lloyd refit rounds of kmeans-gain or kmeans-union. Remembers
/// the last report, so a cancelled initializer can say where it stopped (<see cref="StoppedShort"/>).
/// </summary>
public sealed class InitializerStages(int stages, Action<InitializationReport> report)
{
    private string? _current;
    private int _stage;
    private InitializationReport? _last;

    /// <summary>
    /// The stages <paramref name="initialization"/> reports; 0 for random weights, which take no time.
    /// </summary>
    public static int CountFor(AtomInitialization initialization) => initialization switch
    {
        AtomInitialization.Frames => 1,
        AtomInitialization.Kmeans => 2,
        AtomInitialization.KmeansGain or AtomInitialization.KmeansUnion => 3,
        _ => 0,
    };

    /// <summary>One step of stage <paramref name="name"/> done: passes it on, numbered.</summary>
    public void Report(string name, int done, int total)
    {
        if (name != _current) (_current, _stage) = (name, _stage + 1);
        _last = new InitializationReport(_stage, stages, name, done, total);
        report(_last);
    }

    /// <summary>
    /// Where the initializer (named <paramref name="initializer"/>) stands when its last report is short of the last
    /// step of its last stage; null when it reached that step or reported nothing.
    /// </summary>
    public InitializerStop? StoppedShort(string initializer) => _last is { } last
        && (last.Stage < last.Stages || last.Done < last.Total)
            ? new InitializerStop(initializer, last.Stage, last.Stages, last.Name, last.Done, last.Total)
            : null;
}
