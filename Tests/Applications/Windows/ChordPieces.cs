using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications.Windows;

/// <summary>Generated piano files of chords for the memory tests: long pieces without a dataset.</summary>
public static class ChordPieces
{
    /// <summary>
    /// Writes <paramref name="notes"/> notes as four-note chords <paramref name="secondsApart"/> apart, each a random
    /// key (seeded by the note count) held 30 to 400 ms, to folder/name; returns the path.
    /// </summary>
    public static string Write(string folder, string name, int notes, double secondsApart)
    {
        var random = new Random(notes);
        var timed = new TimedNote[notes];
        for (int i = 0; i < notes; i++)
        {
            double start = i / 4 * secondsApart;
            double end = start + 0.03 + 0.37 * random.NextDouble();
            timed[i] = new TimedNote(30 + random.Next(60), 30 + random.Next(90), start, end);
        }
        string path = Path.Combine(folder, name);
        MidiOutput.Write(PianoMidi.ToSong(timed), path);
        return path;
    }
}
