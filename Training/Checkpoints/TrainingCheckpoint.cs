using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Training.Checkpoints;

/// <summary>A training checkpoint read back: the model, Adam's moments, where the run stood and the options it ran with.</summary>
public sealed record ResumePoint(Autoencoder Model, float[] FirstMoment, float[] SecondMoment, TrainingState State, TrainingOptions Options, RepresentationSettings Representation);

/// <summary>
/// A model checkpoint (<see cref="ModelCheckpoint"/>: parameters and config) that also holds what resuming needs:
/// Adam's first and second moments as tensors <see cref="FirstMomentName"/> and <see cref="SecondMomentName"/> [P],
/// and in the metadata the <see cref="TrainingState"/>, the resolved <see cref="TrainingOptions"/> and the music
/// representation. Written atomically, so a failed or interrupted save leaves the previous file whole. The
/// applications load it like any model file and ignore the rest.
/// </summary>
public static class TrainingCheckpoint
{
    public const string FirstMomentName = "optimizer.first_moment";
    public const string SecondMomentName = "optimizer.second_moment";
    public const string StateKey = "training_state";
    public const string OptionsKey = "training_options";

    public static void Save(string path, Autoencoder model, AdamOptimizer optimizer, TrainingState state, TrainingOptions options, RepresentationSettings representation)
    {
        var backend = model.Backend;
        int count = model.Parameters.TotalCount;
        var firstMoment = new float[count];
        var secondMoment = new float[count];
        backend.Download(optimizer.FirstMoment, firstMoment);
        backend.Download(optimizer.SecondMoment, secondMoment);
        ModelCheckpoint.Save(path, model,
            [new NamedTensor(FirstMomentName, [count], firstMoment), new NamedTensor(SecondMomentName, [count], secondMoment)],
            new Dictionary<string, string>
            {
                [StateKey] = state.ToJson(),
                [OptionsKey] = options.ToJson(),
                [RepresentationSettings.MetadataKey] = representation.ToJson(),
            });
    }

    /// <summary>Reads a checkpoint to resume from; a file without optimizer state or training state is an <see cref="InvalidDataException"/>.</summary>
    public static ResumePoint Load(string path, IComputeBackend backend)
    {
        var checkpoint = ModelCheckpoint.Load(path, backend);
        try
        {
            int count = checkpoint.Model.Parameters.TotalCount;
            float[] Moment(string name) => checkpoint.ExtraTensors.TryGetValue(name, out var tensor)
                ? tensor.Values.Length == count ? tensor.Values : throw new InvalidDataException($"{path}: {name} holds {tensor.Values.Length} values, the model has {count} parameters")
                : throw new InvalidDataException($"{path}: no optimizer state ({name}); only a checkpoint written by 'tcnwta train' can be resumed");
            string Metadata(string key) => checkpoint.Metadata.TryGetValue(key, out var value) ? value
                : throw new InvalidDataException($"{path}: no {key} in the checkpoint; only a checkpoint written by 'tcnwta train' can be resumed");
            float[] first = Moment(FirstMomentName), second = Moment(SecondMomentName);
            var state = TrainingState.FromJson(Metadata(StateKey), path);
            int atoms = checkpoint.Model.Config.Atoms;
            if (state.Atoms is { } activity && activity.Wins.Length != atoms)
                throw new InvalidDataException($"{path}: the training state counts the wins of {activity.Wins.Length} atoms, the model has {atoms}");
            var options = TrainingOptions.FromJson(Metadata(OptionsKey), path);
            return new ResumePoint(checkpoint.Model, first, second, state, options, MusicRepresentations.FromMetadata(checkpoint.Metadata, path).Settings);
        }
        catch
        {
            checkpoint.Model.Dispose();
            throw;
        }
    }
}
