using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// New sections from a model's code columns: <paramref name="sectionColumns"/> draws each section's columns of
/// (atom, value) non-zeros, and the model decodes them as the encoder's codes are. <see cref="Recombined"/> draws each
/// column from a random training section's code at its position; <see cref="Chained"/> follows a
/// <see cref="CodeChain"/> over the training sections' codes, as <c>drums --data</c> does.
/// </summary>
public sealed class ModelCodeSampler(string method, string meaning, TrainedModel trained, CodeEncoder encoder,
    int steps, Func<Random, IReadOnlyList<(int Atom, float Value)[]>> sectionColumns) : ISectionGenerator
{
    public string Method => method;
    public string Meaning => meaning;

    /// <summary>"model+codes": every column the same column of a random training section's code, atoms and values
    /// together, every column its own draw.</summary>
    public static ModelCodeSampler Recombined(TrainedModel trained, CodedSections train, CodeEncoder encoder,
        int steps)
        => new("model+codes", "each code column from a random training section's code", trained, encoder, steps,
            random => [.. Enumerable.Range(0, train.ColumnsPerSection)
                .Select(position => train.Column(random.Next(train.Sections), position))]);

    /// <summary>"model+chain": a section's columns from the chain over the training sections' codes, positions
    /// counted in 4/4 bars.</summary>
    public static ModelCodeSampler Chained(TrainedModel trained, CodedSections train, CodeEncoder encoder, int steps)
    {
        var chain = new CodeChain(CodeChain.ColumnsPerBar(GrooveGrid.StepsPerWholeNote,
            trained.Model.Config.FrameLength));
        for (int section = 0; section < train.Sections; section++) chain.Add(train.Section(section));
        return new("model+chain", "code columns chained over the training sections' codes (drums --data)", trained,
            encoder, steps, random => chain.Sample(train.ColumnsPerSection, random));
    }

    public float[] Generate(int count, int seed)
    {
        var random = new Random(seed);
        int atoms = trained.Model.Config.Atoms, perSection = steps / trained.Model.Config.FrameLength;
        int columns = count * perSection;
        var values = new float[atoms * columns];
        for (int section = 0; section < count; section++)
        {
            var drawn = sectionColumns(random);
            for (int position = 0; position < perSection; position++)
                foreach (var (atom, value) in drawn[position])
                    values[atom * columns + section * perSection + position] = value;
        }
        var signal = trained.Decode(new SparseCode(atoms, columns, values), count * steps, encoder);
        return SectionSignals.Split(signal, count, trained.Representation.Channels, steps);
    }
}
