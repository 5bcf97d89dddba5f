namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// What a check body works with: the two backends, seeded random inputs uploaded identically to both, a way to
/// run an op on each, and comparisons of what came out. Owns every buffer it hands out.
/// </summary>
public sealed class ParityHarness : IDisposable
{
    private readonly Random _random;
    private readonly List<DeviceBuffer> _owned = [];
    private readonly List<OutputComparison> _comparisons = [];
    private readonly List<TwinBuffer> _twins = [];
    private readonly HashSet<TwinBuffer> _compared = [];

    /// <summary>
    /// A harness whose random inputs are fixed by <paramref name="seed"/>, the candidate's GEMMs running at
    /// <paramref name="precision"/>.
    /// </summary>
    public ParityHarness(IComputeBackend candidate, IComputeBackend reference, int seed,
        GemmPrecision precision = GemmPrecision.Fp32)
    {
        Candidate = candidate;
        Reference = reference;
        _random = new Random(seed);
        Gemm = precision == GemmPrecision.Tf32 ? Tolerance.Tf32 : Tolerance.Float;
    }

    /// <summary>
    /// The tolerance of outputs computed through the candidate's GEMMs and convolutions: <see cref="Tolerance.Float"/>,
    /// or <see cref="Tolerance.Tf32"/> when the candidate rounds GEMM operands to TF32.
    /// </summary>
    public Tolerance Gemm { get; }

    /// <summary>The backend under test.</summary>
    public IComputeBackend Candidate { get; }

    /// <summary>The backend trusted to be right.</summary>
    public IComputeBackend Reference { get; }

    /// <summary>The comparisons made so far.</summary>
    public IReadOnlyList<OutputComparison> Comparisons => _comparisons;

    /// <summary>The harness's seeded random source, for inputs a check builds itself.</summary>
    public Random Random => _random;

    /// <summary>Uniform values in [min, max).</summary>
    public TwinBuffer Uniform(int length, float min = -1f, float max = 1f)
        => Values(RandomValues(length, min, max));

    /// <summary>Values drawn from <paramref name="levels"/> evenly spaced levels in [-1, 1]: many exact ties.</summary>
    public TwinBuffer Levels(int length, int levels)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = levels == 1 ? 0f : -1f + 2f * _random.Next(levels) / (levels - 1);
        return Values(values);
    }

    /// <summary>A 0/1 mask, each entry 1 with probability <paramref name="onProbability"/>.</summary>
    public TwinBuffer Mask(int length, double onProbability)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = _random.NextDouble() < onProbability ? 1f : 0f;
        return Values(values);
    }

    /// <summary>
    /// A code: each entry uniform in [-1, 1) with probability <paramref name="onProbability"/>, else exactly 0.
    /// </summary>
    public TwinBuffer SparseUniform(int length, double onProbability)
    {
        var values = RandomValues(length);
        for (int i = 0; i < length; i++) values[i] = _random.NextDouble() < onProbability ? values[i] : 0f;
        return Values(values);
    }

    /// <summary>A one-hot signal [B, C, T] (MAESTRO's events): at each step of each item one channel is 1.</summary>
    public TwinBuffer OneHot(int batch, int channels, int length)
    {
        var values = new float[batch * channels * length];
        for (int b = 0; b < batch; b++)
        for (int t = 0; t < length; t++)
            values[(b * channels + _random.Next(channels)) * length + t] = 1f;
        return Values(values);
    }

    /// <summary>
    /// A drum-like grid [B, C, T] for the hits loss: the first <paramref name="hitChannels"/> rows of each item 0/1 (1
    /// with probability 0.3), the value rows drawn from five levels in [-1, 1].
    /// </summary>
    public TwinBuffer HitGrid(int batch, int channels, int length, int hitChannels)
    {
        var values = new float[batch * channels * length];
        for (int i = 0; i < values.Length; i++)
            values[i] = i / length % channels < hitChannels ? (_random.NextDouble() < 0.3 ? 1f : 0f)
                : -1f + 0.5f * _random.Next(5);
        return Values(values);
    }

    /// <summary>Every element equal to <paramref name="value"/> (NaN to prove an op ignores old contents).</summary>
    public TwinBuffer Constant(int length, float value)
    {
        var values = new float[length];
        Array.Fill(values, value);
        return Values(values);
    }

    /// <summary>The given values on both backends.</summary>
    public TwinBuffer Values(ReadOnlySpan<float> values)
    {
        var onCandidate = Own(Candidate.Allocate(values.Length));
        var onReference = Own(Reference.Allocate(values.Length));
        Candidate.Upload(values, onCandidate);
        Reference.Upload(values, onReference);
        var twin = new TwinBuffer(Candidate, onCandidate, onReference);
        _twins.Add(twin);
        return twin;
    }

    /// <summary>Uniform random floats in [min, max) from the harness's seed.</summary>
    public float[] RandomValues(int length, float min = -1f, float max = 1f)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = min + (max - min) * _random.NextSingle();
        return values;
    }

    /// <summary>Runs <paramref name="op"/> on the candidate, then on the reference.</summary>
    public void Run(Action<IComputeBackend> op)
    {
        op(Candidate);
        op(Reference);
    }

    /// <summary>Runs an op that returns a scalar on both backends and compares the two scalars.</summary>
    public void RunScalar(string output, Func<IComputeBackend, double> op, Tolerance tolerance)
    {
        double candidate = op(Candidate);
        double reference = op(Reference);
        Compare(output, [(float)reference], [(float)candidate], tolerance);
    }

    /// <summary>Downloads both copies of <paramref name="buffer"/> and compares them element by element.</summary>
    public void Compare(string output, TwinBuffer buffer, Tolerance tolerance)
    {
        _compared.Add(buffer);
        Compare(output, Download(Reference, buffer.Reference), Download(Candidate, buffer.Candidate), tolerance);
    }

    /// <summary>Compares, exactly, every buffer no check compared: inputs an op must leave as they were.</summary>
    public void CompareUntouchedInputs()
    {
        for (int i = 0; i < _twins.Count; i++)
            if (!_compared.Contains(_twins[i])) Compare($"input #{i} (read-only)", _twins[i], Tolerance.Exact);
    }

    /// <summary>Compares host values (for checks that download outputs themselves).</summary>
    public void Compare(string output, ReadOnlySpan<float> reference, ReadOnlySpan<float> candidate,
        Tolerance tolerance)
        => _comparisons.Add(OutputComparison.Of(output, reference, candidate, tolerance));

    /// <summary>Frees every buffer the harness allocated.</summary>
    public void Dispose()
    {
        foreach (var buffer in _owned) buffer.Dispose();
        _owned.Clear();
    }

    private DeviceBuffer Own(DeviceBuffer buffer)
    {
        _owned.Add(buffer);
        return buffer;
    }

    private static float[] Download(IComputeBackend backend, DeviceBuffer buffer)
    {
        var values = new float[buffer.Length];
        backend.Download(buffer, values);
        return values;
    }
}
