namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// How cross-validation may group pieces so that no group spans two folds: <see cref="None"/> (each piece on its
/// own), <see cref="Session"/> (Groove: info.csv's session, e.g. "drummer1/eval_session", whose takes often replay
/// one groove) or <see cref="Composition"/> (MAESTRO: the composer and canonical title, whose performances replay one
/// score). Each dataset has one grouping besides none.
/// </summary>
public static class PieceGrouping
{
    /// <summary>The grouping names.</summary>
    public const string None = "none", Session = "session", Composition = "composition";

    /// <summary>Every grouping name, for the command line.</summary>
    public static IReadOnlyList<string> Names { get; } = [None, Session, Composition];

    /// <summary>The grouping a dataset's pieces carry (<see cref="LabeledPiece.Group"/>).</summary>
    public static string Of(string dataset) => dataset == PieceLabels.Groove ? Session : Composition;

    /// <summary>
    /// Throws unless <paramref name="grouping"/> is none or <paramref name="dataset"/>'s own grouping.
    /// </summary>
    public static void Check(string grouping, string dataset)
    {
        if (!Names.Contains(grouping))
            throw new ArgumentException($"unknown grouping '{grouping}'; choose one of {string.Join(", ", Names)}");
        if (grouping != None && grouping != Of(dataset))
            throw new ArgumentException(
                $"the {dataset} dataset groups pieces by {Of(dataset)}, not by {grouping}; use --group {Of(dataset)}");
    }
}
