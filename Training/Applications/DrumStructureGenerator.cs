using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Structured drum generation with a Groove model: each section name gets a sparse code, either a window of a seed
/// file's code (distinct windows for distinct names), columns drawn by a chain over data's codes, or atoms sampled per
/// column by how often data uses them; each section's code is decoded and cut to its bars, and the sections are
/// stitched as the structure says, so equal names give identical bars. Atoms do not overlap (stride = atom length), so
/// decoding a section alone, or a window of its columns alone, is what decoding it in place would give. The codes are
/// kept as their non-zeros, the seed file is coded and the piece decoded a window at a time (<see cref="WindowPlan"/>),
/// so memory holds the codes' non-zeros, one window and the notes, however many bars.
/// </summary>
public sealed class DrumStructureGenerator
{
    private readonly TrainedModel _trained;
    private readonly int _frame;
    private readonly WindowPlan _plan;

    /// <summary>
    /// A generator for <paramref name="trained"/>, working in <paramref name="plan"/>'s windows (the model's own plan
    /// when null).
    /// </summary>
    public DrumStructureGenerator(TrainedModel trained, WindowPlan? plan = null)
    {
        if (trained.Representation.Settings.Kind != RepresentationKind.Groove)
            throw new ArgumentException(
                $"{trained.Path}: drum generation needs a Groove model, this one was trained on "
                + $"{trained.Representation.Settings.Kind}");
        _trained = trained;
        _frame = trained.Model.Config.FrameLength;
        _plan = plan ?? WindowPlan.For(trained.Model.Config);
    }

    /// <summary>
    /// Sections cut from the code of <paramref name="seed"/> by <paramref name="encoder"/>, window by window: a random
    /// window per name, distinct where the seed is long enough.
    /// </summary>
    public GeneratedDrums FromSeed(DrumStructure structure, TimeSignature meter, ISignalWindows seed, int randomSeed,
        CodeEncoder encoder = CodeEncoder.Wta)
    {
        int steps = SectionSteps(structure, meter), columns = ColumnsFor(steps);
        var code = WindowedCoding.Tally(seed, _plan, p => _trained.Encode(p, encoder), _trained.Model.Config.Atoms,
            keepEntries: true);
        if (code.Columns < columns)
            throw new ArgumentException(
                $"the seed file has {code.Columns} code columns ({seed.Length} steps); a section of "
                + $"{structure.BarsPerSection} bars needs {columns}");
        var random = new Random(randomSeed);
        var starts = NonZeroWindows(code, columns);
        if (starts.Length == 0)
            throw new ArgumentException("the seed file's code is all zero; the model finds nothing in it");
        random.Shuffle(starts);
        var chosen = structure.Names.Select((name, i) => (name, starts[i % starts.Length]))
            .ToDictionary(p => p.name, p => new SectionCode(code, p.Item2, columns));
        return new GeneratedDrums(structure.Sections, steps, chosen, encoder);
    }

    /// <summary>
    /// Sections of sampled atoms: per column, <paramref name="k"/> distinct atoms drawn with probability
    /// proportional to their active columns in <paramref name="usage"/> (uniformly when it saw no data), each at its
    /// mean activation (or, unseen, the value that makes its strongest hit 1), decoded as codes of
    /// <paramref name="encoder"/> are (the union code as a union).
    /// </summary>
    public GeneratedDrums FromUsage(DrumStructure structure, TimeSignature meter, AtomUsage usage, int k,
        int randomSeed, CodeEncoder encoder = CodeEncoder.Wta)
    {
        int atoms = _trained.Model.Config.Atoms;
        if (k < 1 || k > atoms) throw new ArgumentException($"k must lie in [1, {atoms}], got {k}");
        int steps = SectionSteps(structure, meter), columns = ColumnsFor(steps);
        var dictionary = AtomDictionary.FromModel(_trained.Model);
        bool seen = usage.Columns > 0;
        var weights = Enumerable.Range(0, atoms).Select(n => seen ? usage.ActiveColumns[n] : 1.0).ToArray();
        var values = Enumerable.Range(0, atoms).Select(n => seen && usage.ActiveColumns[n] > 0
            ? (float)usage.MeanActivation(n) : dictionary.UnitPeakScale(n, RepresentationKind.Groove)).ToArray();
        var random = new Random(randomSeed);
        var codes = new Dictionary<string, SectionCode>();
        var (left, column) = (new double[atoms], new (int Atom, float Value)[k]);
        foreach (string name in structure.Names)
        {
            var code = new CodeTally(atoms, keepEntries: true);
            for (int l = 0; l < columns; l++)
            {
                int drawn = 0;
                foreach (int n in SampleDistinct(weights, left, k, random)) column[drawn++] = (n, values[n]);
                code.AddColumn(column.AsSpan(0, drawn));
            }
            codes[name] = new SectionCode(code, 0, columns);
        }
        return new GeneratedDrums(structure.Sections, steps, codes, encoder);
    }

    /// <summary>
    /// Sections from a chain over real codes (<see cref="CodeChain"/>, built from this model's codes): each section
    /// name's columns drawn by the chain from a bar's first column on, decoded as codes of <paramref name="encoder"/>
    /// are (the union code as a union).
    /// </summary>
    public GeneratedDrums FromChain(DrumStructure structure, TimeSignature meter, CodeChain chain, int randomSeed,
        CodeEncoder encoder = CodeEncoder.Wta)
    {
        int steps = SectionSteps(structure, meter), columns = ColumnsFor(steps);
        var random = new Random(randomSeed);
        var codes = new Dictionary<string, SectionCode>();
        foreach (string name in structure.Names)
        {
            var code = new CodeTally(_trained.Model.Config.Atoms, keepEntries: true);
            foreach (var column in chain.Sample(columns, random)) code.AddColumn(column);
            codes[name] = new SectionCode(code, 0, columns);
        }
        return new GeneratedDrums(structure.Sections, steps, codes, encoder);
    }

    /// <summary>
    /// Code columns per bar of <paramref name="meter"/> for a <see cref="CodeChain"/> of this model's codes: the bar's
    /// 16th steps over the atom length, or 1 where atoms do not tile the bar (the chain then ignores positions).
    /// </summary>
    public int ColumnsPerBar(TimeSignature meter) => CodeChain.ColumnsPerBar(GrooveBar.StepsPerBar(meter), _frame);

    /// <summary>
    /// <paramref name="drums"/> decoded a window of a section's columns at a time, in playing order: each window's
    /// grid [27, steps] and its steps, the last window of a section cut at the section's end.
    /// </summary>
    public IEnumerable<(float[] Grid, int Steps)> Decode(GeneratedDrums drums)
    {
        foreach (string name in drums.Sections)
        {
            var code = drums.CodeBySection[name];
            foreach (var window in _plan.Over(drums.StepsPerSection))
            {
                var grid = _trained.Decode(code.Window(window.FirstColumn, window.Columns), window.Steps,
                    drums.Encoder);
                yield return (grid, window.Steps);
            }
        }
    }

    /// <summary>
    /// <paramref name="drums"/> decoded window by window into notes at <paramref name="bpm"/> in
    /// <paramref name="meter"/>.
    /// </summary>
    public ISignalAssembler Assemble(GeneratedDrums drums, double bpm, TimeSignature meter)
    {
        var output = _trained.Representation.Assembler(bpm, meter);
        foreach (var (grid, steps) in Decode(drums)) output.Append(grid, steps);
        return output;
    }

    private static int SectionSteps(DrumStructure structure, TimeSignature meter)
    {
        if (!GrooveBar.FitsGrid(meter)) throw new ArgumentException($"meter {meter} does not divide into 16th notes");
        return structure.BarsPerSection * GrooveBar.StepsPerBar(meter);
    }

    private int ColumnsFor(int steps) => (steps + _frame - 1) / _frame;

    // the first columns of the windows of `columns` columns of the code that hold a non-zero, in order
    private static int[] NonZeroWindows(CodeTally code, int columns)
    {
        // nonZeroBefore[l]: columns before l with a non-zero
        var nonZeroBefore = new int[code.Columns + 1];
        for (int l = 0; l < code.Columns; l++)
            nonZeroBefore[l + 1] = nonZeroBefore[l] + (code.EntriesOf(l, 1).IsEmpty ? 0 : 1);
        var starts = Enumerable.Range(0, code.Columns - columns + 1);
        return [.. starts.Where(s => nonZeroBefore[s + columns] > nonZeroBefore[s])];
    }

    // k distinct indices drawn without replacement, each with probability proportional to its weight; `left` [N] holds
    // the weights not yet drawn
    private static IEnumerable<int> SampleDistinct(double[] weights, double[] left, int k, Random random)
    {
        weights.CopyTo(left, 0);
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
