namespace TcnWtaNative.Midi.Representations;

/// <summary>Makes the representation that settings name, e.g. the one a checkpoint was trained on.</summary>
public static class MusicRepresentations
{
    /// <summary>The representation of <paramref name="settings"/>.</summary>
    public static IMusicRepresentation Create(RepresentationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kind switch
        {
            RepresentationKind.Groove => new GrooveRepresentation(),
            RepresentationKind.Events => new EventsRepresentation(),
            RepresentationKind.Pianoroll => new PianoRollRepresentation(settings.FramesPerSecond),
            RepresentationKind.OnsetRoll => new OnsetRollRepresentation(settings.FramesPerSecond),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Kind, "unknown representation"),
        };
    }

    /// <summary>
    /// The representation stored in a checkpoint's metadata; a checkpoint without one is an
    /// <see cref="InvalidDataException"/>.
    /// </summary>
    public static IMusicRepresentation FromMetadata(IReadOnlyDictionary<string, string> metadata, string checkpointPath)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(checkpointPath);
        if (!metadata.TryGetValue(RepresentationSettings.MetadataKey, out var json))
            throw new InvalidDataException(
                $"{checkpointPath}: the checkpoint does not say which music representation it was trained on");
        try { return Create(RepresentationSettings.FromJson(json)); }
        catch (InvalidDataException error) { throw new InvalidDataException($"{checkpointPath}: {error.Message}"); }
    }
}
