using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Applications;

/// <summary>A generated drum piece: the grid [27, <see cref="Steps"/>] and the code chosen for each section name.</summary>
public sealed record GeneratedDrums(float[] Grid, int Steps, int StepsPerSection, IReadOnlyDictionary<string, SparseCode> CodeBySection);

/// <summary>
/// Structured drum generation with a Groove model: each section name gets a sparse code, either a window of a
/// seed file's code (distinct windows for distinct names) or atoms sampled per column by how often data uses
/// them; each section's code is decoded and cut to its bars, and the sections are stitched as the structure
/// says, so equal names give identical bars. Atoms do not overlap (stride = atom length), so decoding a section
/// alone is what decoding it in place would give.
/// </summary>
public sealed class DrumStructureGenerator
{
    private readonly TrainedModel _trained;
    private readonly int _frame;

    public DrumStructureGenerator(TrainedModel trained)
    {
        if (trained.Representation.Settings.Kind != RepresentationKind.Groove)
            throw new ArgumentException($"{trained.Path}: drum generation needs a Groove model, this one was trained on {trained.Representation.Settings.Kind}");
        _trained = trained;
        _frame = trained.Model.Config.FrameLength;
    }

    /// <summary>
    /// Sections cut from the code of <paramref name="seed"/> by <paramref name="encoder"/>: a random window per name,
    /// distinct where the seed is long enough.
    /// </summary>
    public GeneratedDrums FromSeed(DrumStructure structure, TimeSignature meter, EncodedPiece seed, int randomSeed,
        CodeEncoder encoder = CodeEncoder.Wta)
    {
        int steps = SectionSteps(structure, meter), columns = ColumnsFor(steps);
        var code = _trained.Encode(seed, encoder);
        if (code.Columns < columns)
            throw new ArgumentException($"the seed file has {code.Columns} code columns ({seed.Length} steps); a section of {structure.BarsPerSection} bars needs {columns}");
        var random = new Random(randomSeed);
        var starts = Enumerable.Range(0, code.Columns - columns + 1).Where(s => Energy(code, s, columns) > 0).ToArray();
        if (starts.Length == 0) throw new ArgumentException("the seed file's code is all zero; the model finds nothing in it");
        random.Shuffle(starts);
        var chosen = structure.Names.Select((name, i) => (name, CodeEditing.Columns(code, starts[i % starts.Length], columns)));
        return Stitch(structure, steps, chosen.ToDictionary(p => p.name, p => p.Item2));
    }

    /// <summary>
    /// Sections of sampled atoms: per column, <paramref name="k"/> distinct atoms drawn with probability
    /// proportional to their active columns in <paramref name="usage"/> (uniformly when it saw no data), each at its
    /// mean activation (or, unseen, the value that makes its strongest hit 1).
    /// </summary>
    public GeneratedDrums FromUsage(DrumStructure structure, TimeSignature meter, AtomUsage usage, int k, int randomSeed)
    {
        int atoms = _trained.Model.Config.Atoms;
        if (k < 1 || k > atoms) throw new ArgumentException($"k must lie in [1, {atoms}], got {k}");
        int steps = SectionSteps(structure, meter), columns = ColumnsFor(steps);
        var dictionary = AtomDictionary.FromModel(_trained.Model);
        bool seen = usage.Columns > 0;
        var weights = Enumerable.Range(0, atoms).Select(n => seen ? usage.ActiveColumns[n] : 1.0).ToArray();
        var random = new Random(randomSeed);
        var codes = new Dictionary<string, SparseCode>();
        foreach (string name in structure.Names)
        {
            var code = SparseCode.Zeros(atoms, columns);
            for (int l = 0; l < columns; l++)
                foreach (int n in SampleDistinct(weights, k, random))
                    code.Values[n * columns + l] = seen && usage.ActiveColumns[n] > 0 ? (float)usage.MeanActivation(n) : dictionary.UnitPeakScale(n, RepresentationKind.Groove);
            codes[name] = code;
        }
        return Stitch(structure, steps, codes);
    }

    private GeneratedDrums Stitch(DrumStructure structure, int sectionSteps, Dictionary<string, SparseCode> codes)
    {
        var decoded = codes.ToDictionary(p => p.Key, p => _trained.Decode(p.Value, sectionSteps));
        // grid [27, sections * sectionSteps]
        var grid = SignalRows.Concatenate([.. structure.Sections.Select(name => decoded[name])], GrooveGrid.Channels, sectionSteps);
        return new GeneratedDrums(grid, sectionSteps * structure.Sections.Count, sectionSteps, codes);
    }

    private static int SectionSteps(DrumStructure structure, TimeSignature meter)
    {
        if (!GrooveBar.FitsGrid(meter)) throw new ArgumentException($"meter {meter} does not divide into 16th notes");
        return structure.BarsPerSection * GrooveBar.StepsPerBar(meter);
    }

    private int ColumnsFor(int steps) => (steps + _frame - 1) / _frame;

    private static double Energy(SparseCode code, int first, int columns)
    {
        double sum = 0;
        for (int n = 0; n < code.Atoms; n++)
            for (int l = first; l < first + columns; l++) sum += Math.Abs(code[n, l]);
        return sum;
    }

    // k distinct indices drawn without replacement, each with probability proportional to its weight
    private static IEnumerable<int> SampleDistinct(double[] weights, int k, Random random)
    {
        var left = (double[])weights.Clone();
        for (int draw = 0; draw < k; draw++)
        {
            double total = left.Sum();
            if (total <= 0) yield break;
            double target = random.NextDouble() * total;
            int pick = 0;
            for (double acc = left[0]; acc <= target && pick < left.Length - 1; acc += left[++pick]) { }
            yield return pick;
            left[pick] = 0;
        }
    }
}
