using System.Diagnostics;
using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Datasets;

/// <summary>A file of a dataset that was left out, and why (the <see cref="MidiFormatException.Problem"/>).</summary>
public sealed record SkippedFile(string File, string Reason)
{
    /// <summary>The line that tells a user: "skipped PATH: REASON".</summary>
    public string Line => $"skipped {File}: {Reason}";
}

/// <summary>An index entry with its encoding.</summary>
public sealed record LoadedFile<TEntry, TData>(TEntry Entry, string Path, TData Data);

/// <summary>
/// What loading a dataset gave: the encoded files in index order, the skipped ones, and how long it took.
/// </summary>
public sealed record DatasetLoad<TEntry, TData>(IReadOnlyList<LoadedFile<TEntry, TData>> Files,
    IReadOnlyList<SkippedFile> Skipped, TimeSpan Elapsed);

/// <summary>
/// Encodes the files of a dataset in parallel over the cores, through an <see cref="EncodingCache"/> when one is
/// given. A file that fails with a <see cref="MidiFormatException"/> (missing, corrupt, no notes, not a regular file:
/// <see cref="RegularFiles"/>) is skipped and reported; loading never stops for one.
/// </summary>
public static class DatasetLoader
{
    /// <summary>Encodes every entry with <paramref name="codec"/>; the result keeps the entries' order.</summary>
    public static DatasetLoad<TEntry, TData> Load<TEntry, TData>(IReadOnlyList<TEntry> entries,
        Func<TEntry, string> pathOf, IEncodingCodec<TData> codec, EncodingCache? cache, int maxParallelism = -1)
    {
        var clock = Stopwatch.StartNew();
        var data = new TData[entries.Count];
        var failures = new string?[entries.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism
            : Environment.ProcessorCount };
        Parallel.For(0, entries.Count, options, i =>
        {
            string path = pathOf(entries[i]);
            try
            {
                RegularFiles.Check(path);
                data[i] = cache != null ? cache.GetOrEncode(path, codec) : codec.Encode(MidiReader.Read(path));
            }
            catch (MidiFormatException e)
            {
                failures[i] = e.Problem;
            }
        });
        var files = new List<LoadedFile<TEntry, TData>>(entries.Count);
        var skipped = new List<SkippedFile>();
        for (int i = 0; i < entries.Count; i++)
        {
            if (failures[i] is { } reason) skipped.Add(new SkippedFile(pathOf(entries[i]), reason));
            else files.Add(new LoadedFile<TEntry, TData>(entries[i], pathOf(entries[i]), data[i]));
        }
        return new DatasetLoad<TEntry, TData>(files, skipped, clock.Elapsed);
    }
}
