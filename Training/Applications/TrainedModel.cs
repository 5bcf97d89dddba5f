using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
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

    public void Dispose() => Model.Dispose();
}
