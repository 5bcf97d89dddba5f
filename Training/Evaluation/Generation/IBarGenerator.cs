namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>A way of making one-bar Groove grids, scored by <see cref="GenerationScore"/>.</summary>
public interface IBarGenerator
{
    /// <summary>The row's name, e.g. "model+usage".</summary>
    string Method { get; }

    /// <summary>What the generator does, in a few words, for the report.</summary>
    string Meaning { get; }

    /// <summary><paramref name="count"/> bars [count, 27, steps] (row-major), reproducible from
    /// <paramref name="seed"/>.</summary>
    float[] Generate(int count, int seed);
}
