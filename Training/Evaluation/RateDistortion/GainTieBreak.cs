namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// How a gain search (<see cref="GainSearchBarCoder"/>) chooses among atoms that make equally few wrong hit cells in a
/// frame. With 1000 atoms a sparse frame's hits are lit exactly by many of them, so the rule decides which atom, and
/// with it which velocities and offsets, the frame gets.
/// </summary>
public enum GainTieBreak
{
    /// <summary>
    /// The atom that fits the whole frame best, hit, velocity and offset rows alike
    /// (<see cref="GainSearchDictionary.Fits"/>): the coders' default.
    /// </summary>
    FrameFit,

    /// <summary>
    /// The lower atom: the hit count alone. The Lloyd refits (<c>GainLloyd</c>, <c>UnionLloyd</c>) code this way, since
    /// their objective is the wrong-cell count, and so fit the same atoms as before the fit tie-break came in.
    /// </summary>
    LowerAtom,
}
