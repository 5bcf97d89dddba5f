using System.CommandLine;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// classify's "--unit piece|segment" and "--segment-bars B": whether a probe learns from one pooled row per piece or
/// from a row per segment of B bars, each held-out piece then predicted from its segments (<see cref="PieceVote"/>);
/// several lengths (0: the whole piece) are candidates, each probe choosing its own with its λ.
/// </summary>
internal sealed class ClassifyUnitOptions
{
    /// <summary>The units.</summary>
    public const string Piece = "piece", Segment = "segment";

    public Option<string> Unit { get; } = new("--unit")
    {
        Description = "What a probe's row is: piece (each piece pooled whole) or segment (each piece cut into "
            + "--segment-bars segments, each a row labelled as its piece; a piece is predicted by the sum of its "
            + "segments' log-probabilities, and scores stay per piece)",
        DefaultValueFactory = _ => Piece,
    };

    public Option<int[]?> SegmentBars { get; } = new("--segment-bars")
    {
        Description = $"Bars of 4/4 (16 sixteenth steps) in a segment, as whole code frames (default "
            + $"{PieceSegments.DefaultBars}; only with --unit segment, drum models only); several values are "
            + "candidates, 0 among them the whole piece: each probe chooses its length with its λ (ties: the shorter)",
        AllowMultipleArgumentsPerToken = true,
    };

    public ClassifyUnitOptions() => Unit.AcceptOnlyChoices(Piece, Segment);

    public IEnumerable<Option> All => [Unit, SegmentBars];

    /// <summary>
    /// The candidate bars per segment, shortest first and 0 (the whole piece) last: none for whole pieces; a one-line
    /// error for a length given without segments, a negative or repeated one, or 0 alone.
    /// </summary>
    public IReadOnlyList<int> BarsOf(ParseResult parse)
    {
        var bars = parse.GetValue(SegmentBars) ?? [];
        if (parse.GetValue(Unit) != Segment)
            return bars.Length == 0 ? []
                : throw new ArgumentException("--segment-bars sets the length of --unit segment; add --unit segment");
        if (bars.Length == 0) return [PieceSegments.DefaultBars];
        if (bars.Any(b => b < 0) || (bars.Length == 1 && bars[0] == 0))
            throw new ArgumentException($"--segment-bars must be 1 or more, got {string.Join(" ", bars)} (0, the "
                + "whole piece, only beside other lengths)");
        if (bars.Distinct().Count() != bars.Length)
            throw new ArgumentException($"--segment-bars lists a length twice: {string.Join(" ", bars)}");
        return [.. bars.OrderBy(b => b == 0 ? int.MaxValue : b)];
    }
}
