namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>A way of making Groove sections (a bar, or several), scored by <see cref="GenerationScore"/>.</summary>
public interface ISectionGenerator
{
    /// <summary>The row's name, e.g. "model+chain".</summary>
    string Method { get; }

    /// <summary>What the generator does, in a few words, for the report.</summary>
    string Meaning { get; }

    /// <summary><paramref name="count"/> sections [count, 27, steps] (row-major), reproducible from
    /// <paramref name="seed"/>.</summary>
    float[] Generate(int count, int seed);
}
