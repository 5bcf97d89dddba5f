namespace TcnWtaNative.Midi.Audio;

/// <summary>
/// Pieces played one after another with <see cref="GapSeconds"/> of silence between them (an input, then its
/// output; the steps of an interpolation), as one list of notes for <see cref="NoteSynthesizer"/>.
/// </summary>
public sealed class AudioTimeline
{
    /// <summary>Silence between two pieces.</summary>
    public const double GapSeconds = 1.0;

    private readonly List<AudioNote> _notes = [];
    private int _pieces;

    /// <summary>Every note so far, each piece's shifted to where it plays.</summary>
    public IReadOnlyList<AudioNote> Notes => _notes;

    /// <summary>
    /// Where the last piece ends: when its last note has died away, or its own length if that is later.
    /// </summary>
    public double Seconds { get; private set; }

    /// <summary>Appends a piece of <paramref name="notes"/> lasting at least <paramref name="seconds"/>.</summary>
    public void Append(IReadOnlyList<AudioNote> notes, double seconds)
    {
        double start = _pieces++ == 0 ? 0 : Seconds + GapSeconds;
        _notes.AddRange(notes.Select(n => n.Delayed(start)));
        Seconds = start + Math.Max(seconds, NoteSynthesizer.SoundingSeconds(notes));
    }
}
