using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Reconstruction with a limited dictionary, the paper's "cleaning musical sections": the piece is coded with a smaller
/// k than in training and/or among a restricted atom set (the encoder's activations through the channel top-k, or
/// matching pursuit, the gain search or the union code over the allowed atoms alone), so only the strongest, most
/// typical patterns survive and stray notes the atoms cannot explain are dropped. Both passes run in windows of whole
/// frames (<see cref="WindowedCoding"/>).
/// </summary>
public static class Denoising
{
    /// <summary>
    /// The <paramref name="count"/> atoms the piece uses most at the model's k, as <paramref name="encoder"/> codes it.
    /// </summary>
    public static IReadOnlySet<int> MostUsedAtoms(TrainedModel trained, ISignalWindows piece, int count,
        CodeEncoder encoder = CodeEncoder.Wta)
        => AtomsByUse(trained, piece, encoder).Take(count).ToHashSet();

    /// <summary>
    /// Every atom the piece uses at the model's k, as <paramref name="encoder"/> codes it, most used first.
    /// </summary>
    public static IReadOnlyList<int> AtomsByUse(TrainedModel trained, ISignalWindows piece,
        CodeEncoder encoder = CodeEncoder.Wta)
        => [.. WindowedCoding.Tally(piece, WindowPlan.For(trained.Model.Config), p => trained.Encode(p, encoder),
            trained.Model.Config.Atoms)
            .TopAtoms(trained.Model.Config.Atoms).Select(a => a.Atom)];

    /// <summary>
    /// The piece re-encoded with <paramref name="k"/> non-zeros per column among <paramref name="atoms"/> (all when
    /// null) by <paramref name="encoder"/> and decoded, <paramref name="plan"/>'s windows at a time (the model's own
    /// plan when null). A Groove piece's hits decoded linearly (the wta and omp coders) play their velocity and offset
    /// read over the decoded hit value (<see cref="DecodedHits.ReadGivenHit"/>): noise the code is unsure of lowers a
    /// hit value, not how the hit was played. Groove only: <paramref name="changes"/> holds each decoded window to its
    /// input's hits, keeping hits only where the input has them (<see cref="InputHits.KeepWithin"/>) or every input
    /// hit as played (<see cref="InputHits.KeepAll"/>); with a <paramref name="prior"/> (a piece whose bars are as long
    /// as the prior's) its hits are blended with it (<see cref="CellPrior.BlendInto"/>).
    /// </summary>
    public static PieceReconstruction Denoise(TrainedModel trained, ISignalWindows piece, int k,
        IReadOnlySet<int>? atoms, CodeEncoder encoder = CodeEncoder.Wta, WindowPlan? plan = null,
        CellPrior? prior = null, HitChanges changes = HitChanges.Any)
    {
        if (prior is not null || changes != HitChanges.Any) CheckGroove(trained);
        if (prior is not null) CellHitRates.RequireBarsOf(prior.Steps, piece);
        bool drums = trained.Representation.Settings.Kind == RepresentationKind.Groove;
        bool linear = encoder is CodeEncoder.Wta or CodeEncoder.Omp;
        return PieceReconstruction.Run(trained, piece, p => trained.Encode(p, encoder, k, atoms), plan, encoder,
            !drums ? null : (input, decoded, first) =>
            {
                int steps = input.Length / GrooveGrid.Channels;
                if (linear && changes != HitChanges.OnlyRemove) DecodedHits.ReadGivenHit(decoded, steps);
                if (changes == HitChanges.OnlyRemove) InputHits.KeepWithin(decoded, input, steps);
                prior?.BlendInto(decoded, input, steps, first);
                if (changes == HitChanges.OnlyAdd) InputHits.KeepAll(decoded, input, steps);
            });
    }

    private static void CheckGroove(TrainedModel trained)
    {
        if (trained.Representation.Channels != GrooveGrid.Channels)
            throw new ArgumentException(
                $"keeping or weighing the input's hits works on Groove drum grids; this model's signals have "
                + $"{trained.Representation.Channels} channels");
    }
}
