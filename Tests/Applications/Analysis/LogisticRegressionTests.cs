using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

public class LogisticRegressionTests
{
    private static readonly (double X, double Y)[] Centres = [(0, 4), (4, -2), (-4, -2)];

    // points scattered by at most ±1 around three centres 6 apart: linearly separable
    private static (List<double[]> Rows, List<string> Labels) Blobs(int perClass, int seed)
    {
        var random = new Random(seed);
        var rows = new List<double[]>();
        var labels = new List<string>();
        for (int c = 0; c < Centres.Length; c++)
            for (int i = 0; i < perClass; i++)
            {
                rows.Add([Centres[c].X + 2 * random.NextDouble() - 1, Centres[c].Y + 2 * random.NextDouble() - 1]);
                labels.Add($"class{c}");
            }
        return (rows, labels);
    }

    [Test]
    public void SeparatesASeparableSetAndGeneralizes()
    {
        var (train, trainLabels) = Blobs(30, seed: 1);
        var (test, testLabels) = Blobs(20, seed: 2);

        var model = LogisticRegression.Train(train, trainLabels, l2: 1e-3);

        Assert.That(model.Fit.Converged, Is.True,
            $"L-BFGS stopped after {model.Fit.Iterations} iterations at loss {model.Fit.Value}");
        Assert.That(train.Select(model.Predict), Is.EqualTo(trainLabels));
        Assert.That(test.Select(model.Predict), Is.EqualTo(testLabels));
        Assert.That(model.Probabilities([0, 4])[0], Is.GreaterThan(0.9), "confident at a class centre");
        Assert.That(model.Probabilities([1, 1]).Sum(), Is.EqualTo(1).Within(1e-12));
    }

    [Test]
    public void GradientMatchesFiniteDifferencesOfTheLoss()
    {
        var (rows, labels) = Blobs(4, seed: 3);
        var classes = labels.Select(l => l[^1] - '0').ToArray();
        var random = new Random(4);
        var parameters = Enumerable.Range(0, 3 * 3).Select(_ => random.NextDouble() - 0.5).ToArray();
        var gradient = new double[parameters.Length];
        const double l2 = 0.3, h = 1e-5;

        LogisticRegression.LossAndGradient(rows, classes, 3, l2, parameters, gradient);

        var scratch = new double[parameters.Length];
        for (int p = 0; p < parameters.Length; p++)
        {
            var plus = (double[])parameters.Clone();
            var minus = (double[])parameters.Clone();
            plus[p] += h;
            minus[p] -= h;
            double numeric = (LogisticRegression.LossAndGradient(rows, classes, 3, l2, plus, scratch)
                - LogisticRegression.LossAndGradient(rows, classes, 3, l2, minus, scratch)) / (2 * h);
            Assert.That(gradient[p], Is.EqualTo(numeric).Within(1e-7),
                $"parameter {p} ({(p < 6 ? "weight" : "bias")})");
        }
    }

    [Test]
    public void LossAtZeroIsLogOfTheClassCount()
    {
        var (rows, labels) = Blobs(2, seed: 5);
        var gradient = new double[9];

        double loss = LogisticRegression.LossAndGradient(rows, [.. labels.Select(l => l[^1] - '0')], 3, 1,
            new double[9], gradient);

        Assert.That(loss, Is.EqualTo(Math.Log(3)).Within(1e-12), "uniform probabilities, no penalty at W = 0");
        Assert.That(gradient.Skip(6), Is.EqualTo(new double[3]).Within(1e-12),
            "balanced classes: no pull on the biases");
    }

    [Test]
    public void OneClassIsAClearError()
        => Assert.That(() => LogisticRegression.Train([[1.0], [2.0]], ["a", "a"]),
            Throws.ArgumentException.With.Message.Contains("at least two classes"));
}
