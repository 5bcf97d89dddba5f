using System.CommandLine;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// classify's "--unit piece|segment" and "--segment-bars B": whether a probe learns from one pooled row per piece or
/// from a row per segment of B bars, each held-out piece then predicted from its segments (<see cref="PieceVote"/>).
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

    public Option<int?> SegmentBars { get; } = new("--segment-bars")
    {
        Description = $"Bars of 4/4 (16 sixteenth steps) in a segment, as whole code frames (default "
            + $"{PieceSegments.DefaultBars}; only with --unit segment, drum models only)",
    };

    public ClassifyUnitOptions() => Unit.AcceptOnlyChoices(Piece, Segment);

    public IEnumerable<Option> All => [Unit, SegmentBars];

    /// <summary>Bars per segment: 0 for whole pieces; a one-line error for a length given without segments.</summary>
    public int BarsOf(ParseResult parse)
    {
        int? bars = parse.GetValue(SegmentBars);
        if (parse.GetValue(Unit) != Segment)
            return bars is null ? 0
                : throw new ArgumentException("--segment-bars sets the length of --unit segment; add --unit segment");
        if (bars is < 1) throw new ArgumentException($"--segment-bars must be 1 or more, got {bars}");
        return bars ?? PieceSegments.DefaultBars;
    }
}
