using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// A checkpoint ready for the applications: the model and the music representation it was trained on, so a MIDI
/// file of the right kind turns into the model's input and a signal back into MIDI.
/// </summary>
public sealed class TrainedModel(Autoencoder model, IMusicRepresentation representation, string path) : IDisposable
{
    public Autoencoder Model { get; } = model;
    public IMusicRepresentation Representation { get; } = representation;
    /// <summary>The checkpoint file it came from.</summary>
    public string Path { get; } = path;

    /// <summary>Loads a checkpoint; a missing, damaged or representation-less file is an error naming it.</summary>
    public static TrainedModel Load(string path, IComputeBackend backend)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such model file");
        var checkpoint = ModelCheckpoint.Load(path, backend);
        var representation = MusicRepresentations.FromMetadata(checkpoint.Metadata, path);
        if (representation.Channels != checkpoint.Model.Config.InputChannels)
        {
            checkpoint.Model.Dispose();
            throw new InvalidDataException($"{path}: the {representation.Settings.Kind} representation has {representation.Channels} channels, the model {checkpoint.Model.Config.InputChannels}");
        }
        return new TrainedModel(checkpoint.Model, representation, path);
    }

    /// <summary>Reads and encodes a MIDI file for this model: a bad file is a <see cref="MidiFormatException"/> naming it.</summary>
    public EncodedPiece EncodeFile(string midiPath) => Representation.Encode(MidiReader.Read(midiPath));

    /// <summary>A piece's sparse code [N, ceil(T / K)] at the model's current k.</summary>
    public SparseCode Encode(EncodedPiece piece) => Model.Encode(piece.Signal, piece.Length);

    /// <summary>A code [N, L] decoded and cut to the first <paramref name="length"/> steps: signal [C, length].</summary>
    public float[] Decode(SparseCode code, int length)
    {
        if (length < 1 || length > code.Columns * Model.Config.FrameLength)
            throw new ArgumentException($"a code of {code.Columns} columns covers 1 to {code.Columns * Model.Config.FrameLength} steps, not {length}");
        return SignalRows.TrimToLength(Model.Decode(code), Representation.Channels, code.Columns * Model.Config.FrameLength, length);
    }

    /// <summary>
    /// Note-level precision, recall and F1 of <paramref name="signal"/> [C, reference.Length] against the notes of
    /// <paramref name="reference"/> as this representation decodes them (so the input's own encoding, not the raw file, is the reference).
    /// </summary>
    public NoteMatchResult Score(EncodedPiece reference, float[] signal)
        => NoteMatching.Match(Representation.ToNotes(reference.Signal, reference.Length, reference.Bpm),
            Representation.ToNotes(signal, reference.Length, reference.Bpm));

    /// <summary>Writes signal [C, length] as a MIDI file at the piece's tempo and meter; returns the song written.</summary>
    public MidiSong WriteMidi(float[] signal, int length, double bpm, TimeSignature meter, string path)
    {
        var song = Representation.ToSong(signal, length, bpm, meter, System.IO.Path.GetFileNameWithoutExtension(path));
        MidiWriter.Write(song, path);
        return song;
    }

    public void Dispose() => Model.Dispose();
}
