using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels.GradientChecks;

/// <summary>
/// The checking tools checked: they must find the right answer on a known function and fail loudly on a wrong one.
/// </summary>
public class FiniteDifferenceTests
{
    // f(x) = sum_i sin(x_i) * (i + 1), whose gradient is cos(x_i) * (i + 1): smooth and curved, unlike the linear ops.
    private static double Wave(IReadOnlyList<double> x) => x.Select((v, i) => Math.Sin(v) * (i + 1)).Sum();
    private static double[] WaveGradient(IReadOnlyList<double> x)
        => x.Select((v, i) => Math.Cos(v) * (i + 1)).ToArray();

    [Test]
    public void CentralDifferencesMatchAKnownGradientInDoubleAndFloat()
    {
        var x = RandomTensors.Uniform(9, 1, -2, 2);
        var xf = RandomTensors.ToFloat(x);
        var (savedX, savedXf) = ((double[])x.Clone(), (float[])xf.Clone());

        TensorAssert.AllClose(FiniteDifference.Gradient(Wave, x), WaveGradient(x), 1e-8, 1e-6,
            "float64 central differences");
        TensorAssert.AllClose(FiniteDifference.Gradient(p => Wave(RandomTensors.ToDouble(p)), xf, 1e-2f),
            WaveGradient(RandomTensors.ToDouble(xf)), 1e-3, 1e-3, "float32 central differences");
        Assert.That(x, Is.EqualTo(savedX), "the float64 point is restored exactly");
        Assert.That(xf, Is.EqualTo(savedXf), "the float32 point is restored exactly");
    }

    [Test]
    public void AssertGradientRejectsAWrongGradientOnTheCheckedSubset()
    {
        var x = RandomTensors.Uniform(300, 2);
        var wrong = WaveGradient(x);
        for (int i = 0; i < wrong.Length; i++) wrong[i] *= 1.001;   // 0.1% off everywhere
        FiniteDifference.AssertGradient("right", Wave, x, WaveGradient(x), maxCoordinates: 20);
        Assert.Throws<AssertionException>(
            () => FiniteDifference.AssertGradient("wrong", Wave, x, wrong, maxCoordinates: 20));
    }

    [Test]
    public void CoordinatesAreADistinctAscendingSubsetOrEverything()
    {
        var subset = FiniteDifference.Coordinates(1000, 50, 3);
        Assert.That(subset, Has.Length.EqualTo(50).And.Unique.And.Ordered.And.All.InRange(0, 999));
        Assert.That(FiniteDifference.Coordinates(7, 50, 3), Is.EqualTo(Enumerable.Range(0, 7)));
    }

    [Test]
    public void AllCloseNamesTheWorstElement()
    {
        double[] expected = [1, 2, 3, 4];
        var exception = Assert.Throws<AssertionException>(
            () => TensorAssert.AllClose([1, 2.5, 3, 4.1], expected, 0, 0.01, "demo"));
        Assert.That(exception!.Message, Does.Contain("2 of 4").And.Contain("worst at [1]"));
        Assert.Throws<AssertionException>(() => TensorAssert.AllClose([1, double.NaN, 3, 4], expected, 1, 1, "NaN"));
        Assert.Throws<AssertionException>(() => TensorAssert.AllClose([1, 2, 3], expected, 1, 1, "length"));
        TensorAssert.AllClose([1, 2, 3.02, double.NaN], [1, 2, 3, double.NaN], 0, 0.01,
            "within tolerance, NaN matching NaN");
    }

    [Test]
    public void DistinctValuesAreAtLeastTheGapApart()
    {
        var values = RandomTensors.Distinct(200, 4, 1e-3).Order().ToArray();
        Assert.That(values.Zip(values.Skip(1), (a, b) => b - a).Min(), Is.GreaterThanOrEqualTo(1e-3 * (1 - 1e-9)));
    }
}
