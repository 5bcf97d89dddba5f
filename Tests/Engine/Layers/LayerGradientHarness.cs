using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Engine.Layers;

/// <summary>
/// Finite-difference checks of one Engine layer through its public Forward/Backward. Layers only run in float32 (every
/// backend buffer is float32), so the scalar is L = sum(R ⊙ y) for a fixed random upstream R, summed in double from
/// the downloaded float output; its gradient with respect to y is R, which is what Backward receives. Every layer is
/// piecewise linear in any single coordinate (convs are linear; ReLU and the winner masks switch between linear
/// pieces), so inside one piece a difference quotient is exact but for float rounding, and a large step keeps that
/// rounding small. The one-sided quotients (L(x+h) - L(x)) / h and (L(x) - L(x-h)) / h agree when no kink lies within
/// the step, and one kink moves the central quotient by at most half their disagreement. Where they disagree, a test
/// that built its point away from every kink fails; otherwise the coordinate is retried at a ten times smaller step and
/// skipped if a kink lies within that too. One harness holds one layer: a CPU backend, the parameter set the layer
/// declares into, and the inputs it is fed.
/// </summary>
public sealed class LayerGradientHarness : IDisposable
{
    /// <summary>
    /// The step: near cbrt(float eps) for values near 1, far below the margins the tests keep from kinks.
    /// </summary>
    public const float Step = 1e-2f;

    /// <summary>
    /// The step tried where a kink lies within <see cref="Step"/> and the test cannot place the point away from kinks
    /// (the ReLUs inside a TCN block, where a bias moves B*T pre-activations at once).
    /// </summary>
    public const float FallbackStep = 1e-3f;

    /// <summary>
    /// Allowed |analytic - central| at <see cref="Step"/> (absolute + relative * |central|), and the most the one-sided
    /// quotients may disagree: 5 to 20 times the worst seen on correct gradients, far below any wrong one.
    /// </summary>
    public const double Absolute = 1e-4, Relative = 1e-4;

    /// <summary>How many coordinates of each tensor are perturbed at most (a seeded subset of larger ones).</summary>
    public const int MaxCoordinates = 48;

    private readonly List<Tensor> _tensors = [];

    /// <summary>
    /// The backend every layer under test runs on: the engine's SIMD CPU backend, as the autoencoder checks use.
    /// </summary>
    public CpuBackend Backend { get; } = new();

    /// <summary>The parameters the layer declared, allocated by <see cref="Build{TLayer}"/>.</summary>
    public ParameterSet Parameters { get; } = new();

    /// <summary>
    /// Builds the layer (which declares its parameters, if any) and allocates them with the seeded default
    /// initialization.
    /// </summary>
    public TLayer Build<TLayer>(Func<IComputeBackend, ParameterSet, TLayer> build, int seed)
    {
        var layer = build(Backend, Parameters);
        Parameters.Allocate(Backend, seed);
        return layer;
    }

    /// <summary>An input [batch, channels, length] holding <paramref name="values"/>, freed with the harness.</summary>
    public Tensor Input(ReadOnlySpan<double> values, int batch, int channels, int length)
        => Track(Tensor.FromHost(Backend, RandomTensors.ToFloat(values), batch, channels, length));

    /// <summary>An input [2, channels, length] of seeded uniform values in [-1, 1).</summary>
    public Tensor RandomInput(int channels, int length, int seed)
        => Input(RandomTensors.Uniform(2 * channels * length, seed), 2, channels, length);

    // A seeded random upstream gradient shaped like the output; R in L = sum(R ⊙ y).
    private Tensor Upstream(Tensor output, int seed)
        => Track(
            Tensor.FromHost(Backend, RandomTensors.UniformFloat(output.Buffer.Length, seed), output.Batch,
            output.Channels, output.Length));

    private Tensor Track(Tensor tensor)
    {
        _tensors.Add(tensor);
        return tensor;
    }

    /// <summary>
    /// Runs forward on <paramref name="input"/>, back-propagates a random upstream R into zeroed parameter gradients,
    /// and checks every parameter's gradient and the input gradient against difference quotients of sum(R ⊙
    /// forward(input)). With <paramref name="everyCoordinateSmooth"/> a coordinate near a kink fails the test; without
    /// it, it is retried at <see cref="FallbackStep"/>, then skipped, and at least three quarters of the sampled
    /// coordinates must still be checked.
    /// </summary>
    public void AssertGradientsMatchFiniteDifferences(Tensor input, Func<Tensor, Tensor> forward,
        Func<Tensor, Tensor?> backward, bool everyCoordinateSmooth)
    {
        var upstream = Upstream(forward(input), seed: 101);
        var upstreamValues = RandomTensors.ToDouble(upstream.ToHost(Backend));
        Backend.Fill(Parameters.Gradients, 0f);
        var inputGradient = backward(upstream)?.ToHost(Backend)
            ?? throw new AssertionException("backward returned no input gradient");
        var parameterGradients = Download(Parameters.Gradients);

        double Objective()
            => FiniteDifference.Dot(RandomTensors.ToDouble(forward(input).ToHost(Backend)), upstreamValues);
        Assert.Multiple(() =>
        {
            foreach (var parameter in Parameters.All)
                AssertMatches(parameter.Name, parameter.Value,
                    parameterGradients.AsSpan(parameter.Offset, parameter.Count), Objective, everyCoordinateSmooth);
            AssertMatches("input", input.Buffer, inputGradient, Objective, everyCoordinateSmooth);
        });
    }

    /// <summary>
    /// Compares <paramref name="analytic"/> with central differences of <paramref name="objective"/> over (a subset of)
    /// the coordinates of <paramref name="point"/>, a buffer the objective reads; the buffer is restored afterwards.
    /// </summary>
    private void AssertMatches(string what, DeviceBuffer point, ReadOnlySpan<float> analytic,
        Func<double> objective, bool everyCoordinateSmooth)
    {
        Assert.That(analytic.Length, Is.EqualTo(point.Length), $"{what}: the analytic gradient's length");
        var values = Download(point);
        var moved = (float[])values.Clone();
        double atPoint = objective();
        var coordinates = FiniteDifference.Coordinates(values.Length, MaxCoordinates, seed: values.Length);
        float[] steps = everyCoordinateSmooth ? [Step] : [Step, FallbackStep];
        var failures = new List<string>();
        int smooth = 0, nonZero = 0, atFallback = 0;
        double worstError = 0;
        foreach (int i in coordinates)
        {
            double ObjectiveAt(float value)
            {
                moved[i] = value;
                Backend.Upload(moved, point);
                return objective();
            }
            Quotients? found = null;
            foreach (float step in steps)
            {
                float up = values[i] + step, down = values[i] - step;
                double above = ObjectiveAt(up), below = ObjectiveAt(down);
                var quotients = new Quotients(step, (above - atPoint) / ((double)up - values[i]),
                    (atPoint - below) / ((double)values[i] - down), (above - below) / ((double)up - down));
                if (quotients.Smooth) { found = quotients; break; }
                if (everyCoordinateSmooth)
                    failures.Add(
                        $"[{i}] lies within a step of a kink: one-sided quotients {quotients.Forward:G6} "
                        + $"and {quotients.Backward:G6}");
            }
            moved[i] = values[i];
            if (found is not { } q) continue;
            smooth++;
            if (q.Step != Step) atFallback++;
            if (Math.Abs(q.Central) > 10 * Absolute) nonZero++;
            worstError = Math.Max(worstError, Math.Abs(analytic[i] - q.Central));
            if (Math.Abs(analytic[i] - q.Central) > q.Allowed)
                failures.Add($"[{i}] analytic {analytic[i]:G6}, central difference {q.Central:G6} at step {q.Step}");
        }
        Backend.Upload(values, point);
        TestContext.Out.WriteLine(
            $"{what}: {smooth} of {coordinates.Length} coordinates checked ({atFallback} at the fallback step), worst "
            + $"|analytic - central| {worstError:G3}");

        Assert.That(failures, Is.Empty, $"{what}: {failures.Count} of {coordinates.Length} coordinates fail");
        Assert.That(smooth, Is.GreaterThanOrEqualTo(coordinates.Length * 3 / 4),
            $"{what}: only {smooth} of {coordinates.Length} coordinates lie away from kinks");
        Assert.That(nonZero, Is.GreaterThan(0),
            $"{what}: every checked derivative is zero, so the check proves nothing");
    }

    // The one-sided and central difference quotients at one step. Rounding in the float forward pass grows as 1/step,
    // and so does the absolute tolerance.
    private readonly record struct Quotients(float Step, double Forward, double Backward, double Central)
    {
        public double Allowed => Absolute * (LayerGradientHarness.Step / Step) + Relative * Math.Abs(Central);
        public bool Smooth => Math.Abs(Forward - Backward) <= Allowed;
    }

    /// <summary>
    /// Asserts the backward contract the model relies on (nothing zeroes the gradients between steps): a backward pass
    /// writes every parameter gradient and the input gradient it returns over what they held. A pass from NaN gradients
    /// and a second pass on top of the first give the first pass's gradients, float for float.
    /// </summary>
    public void AssertBackwardOverwrites(Tensor input, Func<Tensor, Tensor> forward, Func<Tensor, Tensor?> backward)
    {
        var upstream = Upstream(forward(input), seed: 102);
        Backend.Fill(Parameters.Gradients, float.NaN);
        var inputGradient = backward(upstream)?.ToHost(Backend);
        var once = Download(Parameters.Gradients);
        var secondInputGradient = backward(upstream)?.ToHost(Backend);
        var twice = Download(Parameters.Gradients);

        Assert.Multiple(() =>
        {
            foreach (var parameter in Parameters.All)
            {
                var range = new Range(parameter.Offset, parameter.Offset + parameter.Count);
                Assert.That(once[range], Has.All.Matches<float>(float.IsFinite),
                    $"{parameter.Name}: a backward pass writes over every gradient it held (NaN)");
                Assert.That(once[range], Has.Some.Not.EqualTo(0f),
                    $"{parameter.Name}: a backward pass leaves a gradient");
                TensorAssert.Equal(twice[range], once[range],
                    $"{parameter.Name}: a second pass writes the same gradient, not twice it");
            }
            if (inputGradient is not null)
                TensorAssert.Equal(secondInputGradient!, inputGradient,
                    "the input gradient is overwritten by each pass, not accumulated");
        });
    }

    /// <summary>Every parameter gradient, copied to the host.</summary>
    public float[] ParameterGradients() => Download(Parameters.Gradients);

    private float[] Download(DeviceBuffer buffer)
    {
        var values = new float[buffer.Length];
        Backend.Download(buffer, values);
        return values;
    }

    public void Dispose()
    {
        foreach (var tensor in _tensors) tensor.Dispose();
        Parameters.Dispose();
        Backend.Dispose();
    }
}
