using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Cache;

/// <summary>
/// One encoding as the cache sees it: how to make it from a song and how to store it. <see cref="Key"/> names the
/// encoder, its version and every parameter, so a change to any of them misses the old entries instead of reading
/// them wrongly.
/// </summary>
public interface IEncodingCodec<T>
{
    /// <summary>Encoder name, version and parameters, e.g. "piano-events/v1/steps=100/bins=32".</summary>
    string Key { get; }

    /// <summary>Encodes a song; a song the encoder cannot use is a <see cref="MidiFormatException"/>.</summary>
    T Encode(MidiSong song);

    /// <summary>Writes a value compactly.</summary>
    void Write(BinaryWriter writer, T value);

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    T Read(BinaryReader reader);
}
