using System.CommandLine;
using TcnWtaNative.Midi.Cache;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// --cache and --no-cache of the commands that encode a dataset (train, dataset stats): where the encodings are cached,
/// or no cache at all; both together are refused, where --no-cache once won and --cache was ignored.
/// </summary>
internal sealed class EncodingCacheOptions
{
    private readonly Option<string> _folder = new("--cache")
    {
        Description = $"Encoding cache folder (default ${EncodingCache.EnvironmentVariable} or ~/.cache/tcnwta)",
    };
    private readonly Option<bool> _none = new("--no-cache")
    {
        Description = "Encode every file, read and write no cache",
    };

    /// <summary>Adds both options to the command.</summary>
    public void AddTo(Command command)
    {
        command.Add(_folder);
        command.Add(_none);
    }

    /// <summary>The cache the options name; null under --no-cache.</summary>
    public EncodingCache? Open(ParseResult parse)
    {
        if (parse.GetValue(_none) && parse.GetValue(_folder) is { } folder)
            throw new ArgumentException($"--cache {folder} names the encoding cache's folder and --no-cache keeps no "
                + "cache: give one of them");
        return parse.GetValue(_none) ? null
            : new EncodingCache(parse.GetValue(_folder) ?? EncodingCache.DefaultDirectory);
    }
}
