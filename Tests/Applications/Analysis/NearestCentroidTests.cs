using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

public class NearestCentroidTests
{
    private static readonly double[][] Rows = [[0, 0], [2, 0], [10, 10], [10, 12], [0, 9]];
    private static readonly string[] Labels = ["low", "low", "high", "high", "left"];

    [Test]
    public void CentroidsAreLabelMeansAndDistancesAreEuclidean()
    {
        var centroids = LabelCentroids.Fit(Rows, Labels);
        var distances = centroids.DistanceMatrix();

        Assert.That(centroids.Labels, Is.EqualTo(new[] { "high", "left", "low" }));
        Assert.That(centroids.Centroids, Is.EqualTo(new[] { new double[] { 10, 11 }, [0, 9], [1, 0] }));
        Assert.That(distances[0, 2], Is.EqualTo(Math.Sqrt(81 + 121)).Within(1e-12));
        Assert.That(distances[2, 0], Is.EqualTo(distances[0, 2]));
        Assert.That(distances[1, 1], Is.Zero);
        Assert.That(centroids.DistanceCsv().Split('\n')[0], Is.EqualTo("label,high,left,low"));
        Assert.That(centroids.DistanceCsv().Split('\n')[1], Does.StartWith("high,0,10.198"));
    }

    [Test]
    public void PredictsTheLabelOfTheNearestCentroid()
    {
        var classifier = NearestCentroidClassifier.Fit(Rows, Labels);

        Assert.That(classifier.Predict([1, 1]), Is.EqualTo("low"));
        Assert.That(classifier.Predict([9, 9]), Is.EqualTo("high"));
        Assert.That(classifier.Predict([-1, 7]), Is.EqualTo("left"));
        Assert.That(() => classifier.Predict([1, 2, 3]), Throws.ArgumentException.With.Message.Contains("3 features"));
    }
}
