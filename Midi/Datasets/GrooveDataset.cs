using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Midi.Datasets;

/// <summary>
/// A training section with where it came from. <see cref="Grid"/> is row-major [27, <see cref="Steps"/>].
/// </summary>
public sealed record GrooveSample(GrooveEntry Source, GrooveSection Section)
{
    /// <summary>The section's grid [27, Steps].</summary>
    public float[] Grid => Section.Grid;

    /// <summary>16th steps in the section (16 × bars for 4/4).</summary>
    public int Steps => Section.Steps;

    /// <summary>The section's first bar in its file, from 0.</summary>
    public int StartBar => Section.StartBar;
}

/// <summary>
/// The Groove MIDI Dataset, filtered, encoded and cut into sections: what a trainer asks for with
/// "--dataset groove --split train --meter 4-4".
/// </summary>
public sealed class GrooveDataset
{
    private GrooveDataset(DatasetLoad<GrooveEntry, GrooveGrid> load, IReadOnlyList<GrooveSample> sections)
    {
        Load = load;
        Sections = sections;
        DroppedByPitch = new long[128];
        foreach (var file in load.Files)
            for (int p = 0; p < 128; p++) DroppedByPitch[p] += file.Data.DroppedByPitch[p];
    }

    /// <summary>Every encoded file (whole-file grids) and the skipped ones.</summary>
    public DatasetLoad<GrooveEntry, GrooveGrid> Load { get; }

    /// <summary>All sections of all files, file by file in index order.</summary>
    public IReadOnlyList<GrooveSample> Sections { get; }

    /// <summary>Notes of unmapped pitches over all loaded files, by pitch.</summary>
    public long[] DroppedByPitch { get; }

    /// <summary>
    /// Loads the files of <paramref name="directory"/>'s info.csv that pass <paramref name="filter"/> and cuts each
    /// into sections of <paramref name="bars"/> bars every <paramref name="hopBars"/> bars. Sections are taken only
    /// in the filter's meter (4/4 by default; see <see cref="GrooveSections.Cut"/>); with the meter filter off,
    /// each file's sections follow its own bar length.
    /// </summary>
    public static GrooveDataset Open(string directory, GrooveFilter filter, EncodingCache? cache = null, int bars = 1,
        int hopBars = 1)
    {
        var index = GrooveIndex.Load(directory);
        var load = DatasetLoader.Load(index.Select(filter), index.PathOf, Codecs.GrooveGrid, cache);
        var sections = load.Files
            .SelectMany(f => GrooveSections.Cut(f.Data, bars, hopBars, filter.Meter)
                .Select(s => new GrooveSample(f.Entry, s)))
            .ToList();
        return new GrooveDataset(load, sections);
    }
}
