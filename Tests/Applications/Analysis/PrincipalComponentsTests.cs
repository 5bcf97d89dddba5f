using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

public class PrincipalComponentsTests
{
    // two orthonormal axes in 4-D, turned away from the coordinate axes
    private static readonly double[] U1 = [0.5, 0.5, 0.5, 0.5];
    private static readonly double[] U2 = [0.5, -0.5, 0.5, -0.5];
    private static readonly double[] Offset = [1, -2, 3, 0.5];

    private static double[] Point(double a, double b) => [.. Offset.Select((o, j) => o + a * U1[j] + b * U2[j])];

    [Test]
    public void FindsTheKnownAxesVariancesAndCoordinates()
    {
        // ±3 along U1 and ±1 along U2 about Offset: covariance (18 U1U1ᵀ + 2 U2U2ᵀ) / 3, eigenvalues 6 and 2/3
        var rows = new[] { Point(3, 0), Point(-3, 0), Point(0, 1), Point(0, -1) };

        var pca = PrincipalComponents.Fit(rows);

        Assert.That(pca.Mean, Is.EqualTo(Offset).Within(1e-12));
        Assert.That(pca.Variances, Is.EqualTo(new[] { 6.0, 2.0 / 3 }).Within(1e-9));
        Assert.That(pca.ExplainedFractions.Sum(), Is.EqualTo(1).Within(1e-9), "two axes hold all the variance");
        Assert.That(Math.Abs(Dot(pca.Components[0], U1)), Is.EqualTo(1).Within(1e-6));
        Assert.That(Math.Abs(Dot(pca.Components[1], U2)), Is.EqualTo(1).Within(1e-6));
        var projected = pca.Project(Point(3, 0));
        Assert.That(Math.Abs(projected[0]), Is.EqualTo(3).Within(1e-6));
        Assert.That(projected[1], Is.EqualTo(0).Within(1e-6));
    }

    [Test]
    public void SignIsFixedSoTheLargestEntryIsPositive()
    {
        var rows = new[] { new[] { 0.0, -4, 1 }, [0, 4, -1], [1, 0, 0], [-1, 0, 0] };

        var first = PrincipalComponents.Fit(rows).Components[0];
        var reversed = PrincipalComponents.Fit([.. rows.Reverse()]).Components[0];

        int largest = Array.IndexOf(first, first.MaxBy(Math.Abs));
        Assert.That(largest, Is.EqualTo(1));
        Assert.That(first[1], Is.GreaterThan(0));
        Assert.That(reversed, Is.EqualTo(first).Within(1e-9), "the row order does not flip the axis");
    }

    [Test]
    public void TooFewRowsIsAClearError()
        => Assert.That(() => PrincipalComponents.Fit([new double[] { 1, 2 }]),
            Throws.ArgumentException.With.Message.Contains("at least two rows"));

    private static double Dot(double[] a, double[] b) => a.Select((x, i) => x * b[i]).Sum();
}
