using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using Ops = TcnWtaNative.Kernels.Reference.ReferenceOps<double>;

namespace TcnWtaNative.Tests.Kernels.GradientChecks;

/// <summary>
/// Adam and AdamW against values worked out by hand from PyTorch's documented update, for two scalars over three steps:
///   g' = g + wd*p (Adam only);   p *= 1 - lr*wd (AdamW only);
///   m = b1*m + (1-b1)*g';   v = b2*v + (1-b2)*g'^2;   p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
/// The hyper-parameters are exact in binary (lr = 1/8, b1 = 3/4, b2 = 15/16, eps = 2^-26, wd = 1/4), so the float32
/// settings carry no rounding and the float64 reference must match to the last few digits.
/// </summary>
public class AdamStepTests
{
    private static readonly double Eps = Math.Pow(2, -26);   // 1.4901161193847656e-8

    // Scalar A: p0 = 1, gradients 0.5, -0.25, 0.125. Scalar B: p0 = 0.5, gradient = eps every step.
    private static readonly double[] StartA = [1.0], StartB = [0.5];
    private static readonly double[][] Gradients = [[0.5, Eps], [-0.25, Eps], [0.125, Eps]];

    public static IEnumerable<TestCaseData> Cases() =>
        from implementation in Implementations
        from c in HandComputed()
        select new TestCaseData(implementation, c.Settings, c.ExpectedA, c.ExpectedB)
            .SetArgDisplayNames(c.Name, implementation);

    // Parameters of scalars A and B after steps 1, 2, 3.
    private static IEnumerable<(string Name, AdamSettings Settings, double[] ExpectedA,
        double[] ExpectedB)> HandComputed()
    {
        // ---- Adam, no weight decay ----
        // A, t=1: g = 0.5; m = 0.25*0.5 = 0.125; v = 0.0625*0.25 = 0.015625; 1-b1 = 0.25, 1-b2 = 0.0625
        //         m^ = 0.5, v^ = 0.25, sqrt = 0.5;  p = 1 - 0.125*0.5/(0.5 + 2^-26) = 0.8750000037252902
        // A, t=2: g = -0.25; m = 0.75*0.125 + 0.25*(-0.25) = 0.03125; v = 0.9375*0.015625 + 0.0625*0.0625 =
        // 0.0185546875 1-b1^2 = 0.4375, 1-b2^2 = 0.12109375; m^ = 0.0714285714, v^ = 0.1532258065, sqrt = 0.3914406806
        // p = 0.8750000037 - 0.125*0.0714285714/(0.3914406806 + 2^-26) = 0.8750000037 - 0.0228095125 =
        // 0.8521904912486443 A, t=3: g = 0.125; m = 0.75*0.03125 + 0.25*0.125 = 0.0546875; v = 0.9375*0.0185546875 +
        // 0.0625*0.015625 = 0.01837158203125 1-b1^3 = 0.578125, 1-b2^3 = 0.176025390625; m^ = 0.0945945946, v^ =
        // 0.1043689320, sqrt = 0.3230618084 p = 0.8521904912 - 0.125*0.0945945946/(0.3230618084 + 2^-26) = 0.8521904912
        // - 0.0366008097 = 0.8155896815214427 B: with a constant gradient g, m^ = g and v^ = g^2 at every step, so the
        // update is lr*g/(g + eps) = lr/2 = 0.0625 exactly when g = eps: 0.5 -> 0.4375 -> 0.375 -> 0.3125. (eps inside
        // the sqrt would move p by ~lr*g/sqrt(eps) = 1.5e-5.)
        yield return ("Adam", new AdamSettings(0.125f, 0.75f, 0.9375f, (float)Eps),
            new[] { 0.8750000037252902, 0.8521904912486443, 0.8155896815214427 }, new[] { 0.4375, 0.375, 0.3125 });

        // ---- Adam with L2 weight decay 0.25 (added to the gradient) ----
        // A, t=1: g' = 0.5 + 0.25*1 = 0.75; m^ = 0.75, sqrt(v^) = 0.75; p = 1 - 0.125*0.75/(0.75 + 2^-26) =
        // 0.8750000024835268 A, t=2: g' = -0.25 + 0.25*0.8750000025 = -0.0312499994; m = 0.75*0.1875 + 0.25*g' =
        // 0.1328125002; v = 0.9375*0.03515625 + 0.0625*g'^2 = 0.0330200195; m^ = 0.3035714289, sqrt(v^) = 0.5221890956
        // p = 0.8750000025 - 0.125*0.3035714289/0.5221890956 = 0.8750000025 - 0.0726679815 = 0.8023320209982021 A, t=3:
        // g' = 0.125 + 0.25*0.8023320210 = 0.3255830052; m = 0.1810051264; v = 0.0375815366 m^ = 0.3130899484, sqrt(v^)
        // = 0.4620613136; p = 0.8023320210 - 0.0846992404 = 0.7176327805771093 B, t=1: g' = 2^-26 + 0.25*0.5 =
        // 0.1250000149; update = 0.125*g'/(g' + 2^-26) = 0.1249999851; p = 0.37500001490115764 B, t=2: g' = 2^-26 +
        // 0.25*0.3750000149 = 0.0937500186; m = 0.0468750075; v = 0.0014648442 m^ = 0.1071428742, sqrt(v^) =
        // 0.1099853527; p = 0.3750000149 - 0.1217694641 = 0.2532305507518229 B, t=3: g' = 2^-26 + 0.25*0.2532305508 =
        // 0.0633076526; m = 0.0509831687; v = 0.0016237826 m^ = 0.0881871027, sqrt(v^) = 0.0960453368; p = 0.2532305508
        // - 0.1147727364 = 0.1384578143619885
        yield return ("Adam with L2 decay", new AdamSettings(0.125f, 0.75f, 0.9375f, (float)Eps, WeightDecay: 0.25f),
            new[] { 0.8750000024835268, 0.8023320209982021, 0.7176327805771093 },
            new[] { 0.37500001490115764, 0.2532305507518229, 0.1384578143619885 });

        // ---- AdamW, decoupled weight decay 0.25: p *= 1 - 0.125*0.25 = 0.96875 first; moments and updates exactly as
        // Adam ---- A: 0.96875*1 - 0.1249999963 = 0.8437500037252902; 0.96875*0.8437500037 - 0.0228095125 =
        // 0.794573303632229; 0.96875*0.7945733036 - 0.0366008097 = 0.7331420781665202 B: 0.96875*0.5 - 0.0625 =
        // 0.421875; 0.96875*0.421875 - 0.0625 = 0.34619140625; 0.96875*0.34619140625 - 0.0625 = 0.2728729248046875
        yield return ("AdamW",
            new AdamSettings(0.125f, 0.75f, 0.9375f, (float)Eps, WeightDecay: 0.25f, Decoupled: true),
            new[] { 0.8437500037252902, 0.794573303632229, 0.7331420781665202 },
            new[] { 0.421875, 0.34619140625, 0.2728729248046875 });
    }

    public static readonly string[] Implementations = ["float64 reference", "scalar backend", "cpu backend"];

    // Twelve parameters alternating A, B: the CPU backend takes indices 0..7 in its Vector256 body and 8..11 in its
    // scalar tail.
    private const int Count = 12;

    private static double[] Interleave(double a, double b)
        => Enumerable.Range(0, Count).Select(i => i % 2 == 0 ? a : b).ToArray();

    [TestCaseSource(nameof(Cases))]
    public void ThreeStepsMatchTheHandComputedValues(string implementation, AdamSettings settings, double[] expectedA,
        double[] expectedB)
    {
        double tolerance = implementation == Implementations[0] ? 1e-14 : 1e-6;

        var trajectory = Run(implementation, settings, Interleave(StartA[0], StartB[0]),
            Gradients.Select(g => Interleave(g[0], g[1])).ToArray());

        for (int step = 0; step < 3; step++)
            TensorAssert.AllClose(trajectory[step].Parameters, Interleave(expectedA[step], expectedB[step]), 0,
                tolerance, $"{settings} parameters after step {step + 1}");
    }

    [Test]
    public void MomentsAreTheExponentialAveragesOfTheGradient(
        [ValueSource(nameof(Implementations))] string implementation)
    {
        // Scalar A without decay, from the derivation above: m = 0.125, 0.03125, 0.0546875; v = 0.015625, 0.0185546875,
        // 0.01837158203125.
        double[] m = [0.125, 0.03125, 0.0546875], v = [0.015625, 0.0185546875, 0.01837158203125];
        var settings = new AdamSettings(0.125f, 0.75f, 0.9375f, (float)Eps);
        var trajectory = Run(implementation, settings, Interleave(1, 1),
            Gradients.Select(g => Interleave(g[0], g[0])).ToArray());

        for (int step = 0; step < 3; step++)
        {
            TensorAssert.Equal(trajectory[step].First, Interleave(m[step], m[step]),
                $"first moment after step {step + 1}");
            TensorAssert.Equal(trajectory[step].Second, Interleave(v[step], v[step]),
                $"second moment after step {step + 1}");
        }
    }

    private sealed record State(double[] Parameters, double[] First, double[] Second);

    // Steps 1..n from zero moments; returns the state after each step.
    private static State[] Run(string implementation, AdamSettings settings, double[] parameters, double[][] gradients)
    {
        var states = new State[gradients.Length];
        if (implementation == Implementations[0])
        {
            double[] p = (double[])parameters.Clone(), m = new double[Count], v = new double[Count];
            for (int t = 0; t < gradients.Length; t++)
            {
                Ops.AdamStep(settings, t + 1, p, gradients[t], m, v);
                states[t] = new State((double[])p.Clone(), (double[])m.Clone(), (double[])v.Clone());
            }
            return states;
        }
        using IComputeBackend backend = implementation == Implementations[1] ? new ScalarBackend() : new CpuBackend();
        DeviceBuffer pb = backend.Allocate(Count), gb = backend.Allocate(Count), mb = backend.Allocate(Count),
            vb = backend.Allocate(Count);
        backend.Upload(RandomTensors.ToFloat(parameters), pb);
        double[] Read(DeviceBuffer buffer)
        {
            var values = new float[Count];
            backend.Download(buffer, values);
            return RandomTensors.ToDouble(values);
        }
        for (int t = 0; t < gradients.Length; t++)
        {
            backend.Upload(RandomTensors.ToFloat(gradients[t]), gb);
            backend.AdamStep(settings, t + 1, pb, gb, mb, vb);
            states[t] = new State(Read(pb), Read(mb), Read(vb));
        }
        return states;
    }
}
