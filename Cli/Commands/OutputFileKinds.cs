using System.CommandLine;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// The options that name a MIDI file or a model a command writes (--out, --noisy-out, --quantized-out, export's
/// --out). A name ending in another format's extension ("song.wav", "model.mid") is a usage error before any work: the
/// file would hold one format under a name that players and tools read as another. A name without an extension is
/// taken as it is.
/// </summary>
public static class OutputFileKinds
{
    /// <summary>Makes <paramref name="option"/> refuse a file name with an extension MIDI files do not have.</summary>
    public static Option<T> WritingMidi<T>(this Option<T> option) => option.Writing("a MIDI file", ".mid", ".midi");

    /// <summary>Makes <paramref name="option"/> refuse a file name with an extension models do not have.</summary>
    public static Option<T> WritingModel<T>(this Option<T> option) => option.Writing("a model", ".safetensors");

    private static Option<T> Writing<T>(this Option<T> option, string kind, params string[] extensions)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is string path && Path.GetExtension(path) is { Length: > 0 } extension
                && !extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
                result.AddError(
                    $"{option.Name} writes {kind}; give a file ending in {string.Join(" or ", extensions)}, "
                    + $"not '{path}'");
        });
        return option;
    }
}
