namespace TcnWtaNative.Kernels;

/// <summary>
/// A reconstruction loss and what it needs to know about the channels: for <see cref="LossKind.Hits"/>, the H hit
/// channels that come first, followed by groups of H value channels (value channel c &gt;= H belongs to hit channel
/// (c - H) mod H); 0 for the other losses.
/// </summary>
/// <param name="Kind">Which loss.</param>
/// <param name="HitChannels">H for the hits loss, else 0.</param>
public readonly record struct LossSpec(LossKind Kind, int HitChannels = 0)
{
    /// <summary>Mean squared error.</summary>
    public static LossSpec Mse => new(LossKind.Mse);

    /// <summary>Mean absolute error.</summary>
    public static LossSpec L1 => new(LossKind.L1);

    /// <summary>The hits loss over <paramref name="hitChannels"/> hit channels.</summary>
    public static LossSpec Hits(int hitChannels) => new(LossKind.Hits, hitChannels);

    /// <summary>
    /// Throws a clear <see cref="ArgumentException"/> unless this loss fits signals of <paramref name="channels"/>
    /// channels: for hits, 1 &lt;= H &lt; C with C - H a multiple of H; for the others, H = 0.
    /// </summary>
    public void Validate(int channels)
    {
        if (Kind is not (LossKind.Mse or LossKind.L1 or LossKind.Hits))
            throw new ArgumentException($"unknown loss {Kind}");
        if (Kind != LossKind.Hits)
        {
            if (HitChannels != 0)
                throw new ArgumentException(
                    $"hit channels belong to the hits loss only, got {HitChannels} with {Kind}");
            return;
        }
        if (HitChannels < 1)
            throw new ArgumentException($"the hits loss needs at least one hit channel, got {HitChannels}");
        if (channels <= HitChannels || (channels - HitChannels) % HitChannels != 0)
            throw new ArgumentException(
                $"the hits loss needs H hit channels followed by whole groups of H value channels; got C = "
                + $"{channels}, H = {HitChannels}");
    }

    /// <summary>"mse", "l1" or "hits(H)".</summary>
    public override string ToString()
        => Kind == LossKind.Hits ? $"hits({HitChannels})" : Kind.ToString().ToLowerInvariant();
}
