using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// New bars from a model's code columns: <paramref name="barColumns"/> draws each bar's columns of (atom, value)
/// non-zeros, and the model decodes them as the encoder's codes are. <see cref="Recombined"/> draws each column from
/// a random training bar's code at its position; <see cref="Chained"/> follows a <see cref="CodeChain"/> over the
/// training bars' codes, what <c>drums --data</c> does.
/// </summary>
public sealed class ModelCodeSampler(string method, string meaning, TrainedModel trained, CodeEncoder encoder,
    int steps, Func<Random, IReadOnlyList<(int Atom, float Value)[]>> barColumns) : IBarGenerator
{
    public string Method => method;
    public string Meaning => meaning;

    /// <summary>"model+codes": every column the same column of a random training bar's code, atoms and values
    /// together, every column its own draw.</summary>
    public static ModelCodeSampler Recombined(TrainedModel trained, CodedBars train, CodeEncoder encoder, int steps)
        => new("model+codes", "each code column from a random training bar's code", trained, encoder, steps,
            random => [.. Enumerable.Range(0, train.ColumnsPerBar)
                .Select(position => train.Column(random.Next(train.Bars), position))]);

    /// <summary>"model+chain": a bar's columns from the chain over the training bars' codes.</summary>
    public static ModelCodeSampler Chained(TrainedModel trained, CodedBars train, CodeEncoder encoder, int steps)
    {
        var chain = new CodeChain(train.ColumnsPerBar);
        for (int bar = 0; bar < train.Bars; bar++) chain.Add(train.Bar(bar));
        return new("model+chain", "code columns chained over the training bars' codes (drums --data)", trained,
            encoder, steps, random => chain.Sample(train.ColumnsPerBar, random));
    }

    public float[] Generate(int count, int seed)
    {
        var random = new Random(seed);
        int atoms = trained.Model.Config.Atoms, perBar = steps / trained.Model.Config.FrameLength;
        int columns = count * perBar;
        var values = new float[atoms * columns];
        for (int bar = 0; bar < count; bar++)
        {
            var drawn = barColumns(random);
            for (int position = 0; position < perBar; position++)
                foreach (var (atom, value) in drawn[position]) values[atom * columns + bar * perBar + position] = value;
        }
        var signal = trained.Decode(new SparseCode(atoms, columns, values), count * steps, encoder);
        return BarSignals.Split(signal, count, trained.Representation.Channels, steps);
    }
}
