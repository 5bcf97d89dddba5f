using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Tests.Midi;

public class RepresentationTests
{
    private static IEnumerable<TestCaseData> Kinds()
    {
        yield return new TestCaseData(new RepresentationSettings(RepresentationKind.Groove), 27);
        yield return new TestCaseData(new RepresentationSettings(RepresentationKind.Events), 388);
        yield return new TestCaseData(new RepresentationSettings(RepresentationKind.Pianoroll, 50), 176);
        yield return new TestCaseData(new RepresentationSettings(RepresentationKind.OnsetRoll, 20), 264);
    }

    [TestCaseSource(nameof(Kinds))]
    public void SettingsSurviveTheCheckpointMetadata(RepresentationSettings settings, int channels)
    {
        var metadata = new Dictionary<string, string> { [RepresentationSettings.MetadataKey] = settings.ToJson() };

        var representation = MusicRepresentations.FromMetadata(metadata, "model.safetensors");

        Assert.That(representation.Settings, Is.EqualTo(settings));
        Assert.That(representation.Channels, Is.EqualTo(channels));
    }

    // each was a NullReferenceException
    [TestCaseSource(nameof(Kinds))]
    public void ANullSongIsAnArgumentNullException(RepresentationSettings settings, int channels)
    {
        var representation = MusicRepresentations.Create(settings);

        Assert.That(() => representation.Encode(null!),
            Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("song"));
        Assert.That(() => representation.Windows(null!),
            Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("song"));
    }

    [Test]
    public void NullNotesForARollAreAnArgumentNullException()
    {
        IRollRepresentation[] rolls = [new PianoRollRepresentation(), new OnsetRollRepresentation()];
        foreach (var roll in rolls)
            Assert.That(() => roll.Windows((IReadOnlyList<TimedNote>)null!),
                Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("notes"));
    }

    [Test]
    public void NullSettingsOrMetadataAreAnArgumentNullException()
    {
        Assert.That(() => MusicRepresentations.Create(null!), Throws.ArgumentNullException);
        Assert.That(() => MusicRepresentations.FromMetadata(null!, "m.safetensors"), Throws.ArgumentNullException);
    }

    [Test]
    public void MissingOrDamagedSettingsNameTheCheckpoint()
    {
        Assert.That(() => MusicRepresentations.FromMetadata(new Dictionary<string, string>(), "m.safetensors"),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith("m.safetensors: ").And.Message.Contains(
                "representation"));
        var damaged = new Dictionary<string, string> { [RepresentationSettings.MetadataKey] = "{\"kind\":\"banjo\"}" };
        Assert.That(() => MusicRepresentations.FromMetadata(damaged, "m.safetensors"),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith("m.safetensors: "));
    }

    [TestCase("{\"kind\":\"banjo\"}",
        "'kind' must be one of \"groove\", \"events\", \"pianoroll\", \"onset-roll\"")]
    [TestCase("{\"kind\":\"pianoroll\",\"frames_per_second\":\"fast\"}", "'frames_per_second' must be a number")]
    // a settings object without its kind was read as Groove, the enum's first value
    [TestCase("{}", "'kind' is missing; it must be one of \"groove\", \"events\", \"pianoroll\", \"onset-roll\"")]
    [TestCase("{\"frames_per_second\":50}",
        "'kind' is missing; it must be one of \"groove\", \"events\", \"pianoroll\", \"onset-roll\"")]
    [TestCase("{\"kind\":", "not valid JSON")]
    [TestCase("[1,2]", "not one JSON object of kind and frames_per_second: [1,2]")]
    public void DamagedSettingsAreNamedInPlainWords(string json, string problem)
    {
        var damaged = new Dictionary<string, string> { [RepresentationSettings.MetadataKey] = json };
        Assert.That(() => MusicRepresentations.FromMetadata(damaged, "m.safetensors"),
            Throws.TypeOf<InvalidDataException>().With.Message.EqualTo(
                $"m.safetensors: the representation settings are invalid: {problem}"));
    }

    [Test]
    public void GrooveSignalDecodesToTheFilesMappedHits()
    {
        var representation = new GrooveRepresentation();
        foreach (var file in TestData.GrooveFiles(4))
        {
            var song = MidiReader.Read(file);
            var piece = representation.Encode(song);

            var notes = representation.ToNotes(piece.Signal, piece.Length, piece.Bpm);
            var again = representation.Encode(
                representation.ToSong(piece.Signal, piece.Length, piece.Bpm, piece.Meter, "again"));

            Assert.That(notes, Is.Not.Empty, file);
            Assert.That(piece.Bpm, Is.EqualTo(song.Tempo.Changes[0].Bpm).Within(0.01), file);
            Assert.That(again.Length, Is.EqualTo(piece.Length), file);
            Assert.That(again.Signal.AsSpan(0, 9 * piece.Length).ToArray(),
                Is.EqualTo(piece.Signal.AsSpan(0, 9 * piece.Length).ToArray()), $"{file}: hit rows");
            TestContext.Out.WriteLine(
                $"{Path.GetFileName(file)}: {notes.Count} hits over {piece.Length} steps at {piece.Bpm:0.#} bpm");
        }
    }

    [Test]
    public void PianoSignalsDecodeToThePreparedNotes()
    {
        foreach (var file in TestData.MaestroFiles(2))
        {
            var song = MidiReader.Read(file);
            var reference = PerformanceNotes.FromSong(song);
            foreach (IMusicRepresentation representation in new IMusicRepresentation[] { new EventsRepresentation(),
                new PianoRollRepresentation() })
            {
                var piece = representation.Encode(song);
                var notes = representation.ToNotes(piece.Signal, piece.Length, piece.Bpm);

                var match = NoteMatching.Match(reference, notes);
                TestContext.Out.WriteLine(
                    $"{Path.GetFileName(file)} {representation.Settings.Kind}: {piece.Length} "
                    + $"steps, F1 {match.F1:0.0000}");
                Assert.That(match.F1, Is.GreaterThan(0.99), $"{file} {representation.Settings.Kind}");
            }
        }
    }

    // velocity 200 and pitch -5 indexed past the one-hot; pitch 200 became NOTE_OFF 72
    [TestCase(200, 100, "has pitch 200; a pitch must be 0 to 127")]
    [TestCase(-5, 100, "has pitch -5; a pitch must be 0 to 127")]
    [TestCase(60, 200, "has velocity 200; a velocity must be 1 to 127")]
    public void EventsNeverEncodeANoteOutsideMidi(int pitch, int velocity, string problem)
        => Assert.That(() => new EventsRepresentation().Encode(new MidiSong("s", 0, 1, new TempoMap(480, []), [],
                [new MidiNote(0, pitch, velocity, 0, 480)], [], 0)),
            Throws.ArgumentException.With.Message.Contains(problem));

    [Test]
    public void EventArgMaxInvertsTheOneHot()
    {
        short[] events = [0, 387, 256, 128, 356];

        var signal = EventsRepresentation.OneHot(events);

        Assert.That(EventsRepresentation.ArgMax(signal, events.Length), Is.EqualTo(events));
        Assert.That(() => EventsRepresentation.ArgMax(new float[10], 3), Throws.ArgumentException);
    }
}
