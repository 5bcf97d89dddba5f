using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Tests.Midi;

/// <summary>
/// The Groove grid rendered a window at a time from the file's hits equals the slices of the whole grid: at every
/// window start and size (across bars, meter changes, merged notes of one step and the piece's end) and on real files.
/// </summary>
public class GrooveWindowsTests
{
    // two 4/4 bars and two 6/8 bars; three snares in step 0 (the loudest kept), hits late in the last bar
    private static MidiSong Song() => new("w.mid", 0, 1, new TempoMap(480, [new TempoChange(0, 600_000)]),
        [new TimeSignature(0, 4, 4), new TimeSignature(3840, 6, 8)],
        [
            new MidiNote(9, 38, 50, 0, 10), new MidiNote(9, 40, 90, 10, 20), new MidiNote(9, 38, 90, 20, 30),
            new MidiNote(9, 36, 100, 0, 10), new MidiNote(9, 42, 30, 130, 140), new MidiNote(9, 51, 70, 2000, 2010),
            new MidiNote(9, 36, 80, 3840 + 2 * 1440 - 120, 3840 + 2 * 1440 - 110),
            new MidiNote(9, 46, 64, 3840 + 1400, 3840 + 1410),
            new MidiNote(0, 60, 64, 400, 500),
        ], [], 0);

    [Test]
    public void EveryWindowEqualsTheSliceOfTheWholeGrid()
    {
        var song = Song();
        var grid = GrooveEncoder.Encode(song);
        var windows = new GrooveRepresentation().Windows(song);
        Assert.That((windows.Channels, windows.Length, windows.Bpm, windows.Meter.Label),
            Is.EqualTo((27, grid.Steps, grid.Bpm, "4-4")));
        Assert.That(grid.MergedNotes, Is.EqualTo(2), "the piece has merged notes for the windows to reproduce");
        foreach (int count in new[] { 1, 3, 16, grid.Steps, grid.Steps + 7 })
            for (int start = 0; start <= grid.Steps; start++)
                AssertSlice(grid, windows, start, count);
    }

    [Test]
    public void WindowsOfRealGrooveFilesEqualTheirGrids()
    {
        foreach (string file in TestData.GrooveFiles(10))
        {
            var song = MidiReader.Read(file);
            var grid = GrooveEncoder.Encode(song);
            var windows = new GrooveRepresentation().Windows(song);
            Assert.That(windows.Length, Is.EqualTo(grid.Steps), file);
            for (int start = 0; start < grid.Steps; start += 50) AssertSlice(grid, windows, start, 64);
        }
    }

    [Test]
    public void AWindowOfTheWrongSizeIsRefused()
    {
        var windows = new GrooveRepresentation().Windows(Song());
        Assert.That(() => windows.Read(0, 4, new float[27 * 3]),
            Throws.ArgumentException.With.Message.Contains("[27, 4]"));
    }

    // window [27, count] from start against the grid's rows, zeros past its end
    private static void AssertSlice(GrooveGrid grid, ISignalWindows windows, int start, int count)
    {
        var window = new float[27 * count];
        window.AsSpan().Fill(float.NaN);
        windows.Read(start, count, window);
        int inside = Math.Clamp(grid.Steps - start, 0, count);
        for (int c = 0; c < 27; c++)
        {
            var expected = grid.Values.AsSpan(c * grid.Steps + start, inside).ToArray()
                .Concat(new float[count - inside]);
            Assert.That(window.AsSpan(c * count, count).ToArray(), Is.EqualTo(expected),
                $"row {c}, steps {start}..{start + count - 1}");
        }
    }
}
