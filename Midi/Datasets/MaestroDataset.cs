using TcnWtaNative.Midi.Cache;

namespace TcnWtaNative.Midi.Datasets;

/// <summary>
/// MAESTRO, filtered and encoded: each piece as event indices (<see cref="Piano.PerformanceEvents"/>; expand to
/// one-hot at batch time) or as prepared notes (render windows with <see cref="Piano.PianoRoll"/>).
/// </summary>
public static class MaestroDataset
{
    /// <summary>Each piece as an event sequence [T] of indices 0..387, sustain applied.</summary>
    public static DatasetLoad<MaestroEntry, short[]> LoadEvents(string directory, MaestroFilter filter,
        EncodingCache? cache = null)
        => Load(directory, filter, Codecs.PianoEvents, cache);

    /// <summary>Each piece as prepared notes, sustain applied: the input of the piano roll.</summary>
    public static DatasetLoad<MaestroEntry, TimedNote[]> LoadNotes(string directory, MaestroFilter filter,
        EncodingCache? cache = null)
        => Load(directory, filter, Codecs.PianoNotes, cache);

    private static DatasetLoad<MaestroEntry, T> Load<T>(string directory, MaestroFilter filter, IEncodingCodec<T> codec,
        EncodingCache? cache)
    {
        var index = MaestroIndex.Load(directory);
        return DatasetLoader.Load(index.Select(filter), index.PathOf, codec, cache);
    }
}
