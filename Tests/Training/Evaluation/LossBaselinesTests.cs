using System.Globalization;
using System.Text.RegularExpressions;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Tests.TrainingTests;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Evaluation;
using static TcnWtaNative.Tests.Support.CliRunner;

namespace TcnWtaNative.Tests.Training.Evaluation;

/// <summary>The all-zeros and mean-frame loss baselines, by hand and as `tcnwta train` prints them.</summary>
[NonParallelizable]
public class LossBaselinesTests
{
    [Test]
    public void TheBaselinesAreTheLossOfZerosAndOfTheMeanFrameRepeated()
    {
        // one channel, frames of 2 steps; items [1, 4]: (1, 3, 1, 3) and (3, 1, 3, 1) -> mean frame (2, 2)
        var set = new SignalSet(1, 4);
        set.Add([1, 3, 1, 3]);
        set.Add([3, 1, 3, 1]);

        var frame = LossBaselines.FitMeanFrame(set, 2);
        var mse = LossBaselines.Measure(set, frame, 2, LossKind.Mse);
        var l1 = LossBaselines.Measure(set, frame, 2, LossKind.L1);

        Assert.That(frame, Is.EqualTo(new float[] { 2, 2 }));
        Assert.That((mse.Zeros, mse.MeanFrame), Is.EqualTo((5.0, 1.0)),
            "mean of x^2 = (1 + 9) / 2; every value is 1 from 2");
        Assert.That((l1.Zeros, l1.MeanFrame), Is.EqualTo((2.0, 1.0)));
        Assert.That(() => LossBaselines.Measure(set, frame, 2, LossKind.Hits), Throws.TypeOf<NotSupportedException>());
    }

    [TestCase(LossKind.Mse)]
    [TestCase(LossKind.L1)]
    public void AMostlySilentSetHasTheBaselinesOfASumOverEveryValue(LossKind loss)
    {
        // three items [2, T] of lengths that are not whole 3-step frames, 1 value in 20 non-zero (some negative):
        // the sums that skip zeros against sums over every value, written out here
        const int channels = 2, frameLength = 3;
        int[] lengths = [31, 7, 50];
        var set = new VariableLengthSet(channels, lengths, i => Signal(i));
        var items = lengths.Select((_, i) => Signal(i)).ToArray();
        float[] Signal(int item)
        {
            var local = new Random(item + 11);
            return [.. Enumerable.Range(0, channels * lengths[item])
                .Select(_ => local.Next(20) == 0 ? (float)(local.NextDouble() * 2 - 0.5) : 0f)];
        }
        var sums = new double[channels * frameLength];
        var counts = new long[frameLength];
        for (int i = 0; i < items.Length; i++)
        for (int t = 0; t < lengths[i]; t++)
        {
            counts[t % frameLength]++;
            for (int c = 0; c < channels; c++) sums[c * frameLength + t % frameLength] += items[i][c * lengths[i] + t];
        }
        var mean = sums.Select((sum, j) => (float)(sum / counts[j % frameLength])).ToArray();
        double zeros = 0, frame = 0;
        long values = 0;
        for (int i = 0; i < items.Length; i++)
        for (int c = 0; c < channels; c++)
        for (int t = 0; t < lengths[i]; t++, values++)
        {
            double x = items[i][c * lengths[i] + t], m = mean[c * frameLength + t % frameLength];
            zeros += loss == LossKind.L1 ? Math.Abs(x) : x * x;
            frame += loss == LossKind.L1 ? Math.Abs(m - x) : (m - x) * (m - x);
        }

        var fitted = LossBaselines.FitMeanFrame(set, frameLength);
        var measured = LossBaselines.Measure(set, fitted, frameLength, loss);

        Assert.That(fitted, Is.EqualTo(mean), "the same sums, in the same order");
        Assert.That(measured.Zeros, Is.EqualTo(zeros / values).Within(1e-12).Percent);
        Assert.That(measured.MeanFrame, Is.EqualTo(frame / values).Within(1e-12).Percent);
    }

    [Test]
    public void APieceReadInWindowsGivesTheBaselinesOfItsWholeSignal()
    {
        // [3, 700 001]: two windows of about 2^20 values, and a length that is not a whole number of 4-step frames
        const int channels = 3, steps = 700_001;
        var random = new Random(5);
        var signal = new float[channels * steps];
        for (int i = 0; i < signal.Length; i++) signal[i] = (float)random.NextDouble() * (i % 7);
        var piece = new EncodedPiece(signal, channels, steps, 120, TimeSignature.Default);
        var whole = new VariableLengthSet(channels, [steps], _ => signal);

        var expected = LossBaselines.Measure(whole, LossBaselines.FitMeanFrame(whole, 4), 4, LossKind.Mse);
        var windowed = LossBaselines.OfPiece(new DenseSignalWindows(piece), 4, LossKind.Mse);

        Assert.That(windowed.Zeros, Is.EqualTo(expected.Zeros).Within(1e-9).Percent);
        Assert.That(windowed.MeanFrame, Is.EqualTo(expected.MeanFrame).Within(1e-9).Percent);
    }

    [Test]
    public void PiecesReadInWindowsGiveTheSetsMeanFrameAndEachPiecesBaselines()
    {
        // three pieces [2, T] of lengths that are not whole 4-step frames, the mean frame fitted over all of them
        const int channels = 2;
        int[] lengths = [9, 14, 23];
        var random = new Random(3);
        var signals = lengths.Select(t => Enumerable.Range(0, channels * t).Select(_ => (float)random.NextDouble())
            .ToArray()).ToArray();
        var pieces = signals.Select(
            (s, i) => new DenseSignalWindows(new EncodedPiece(s, channels, lengths[i], 120, TimeSignature.Default)))
            .ToList();
        var set = new VariableLengthSet(channels, lengths, i => signals[i]);

        var frame = LossBaselines.FitMeanFrame(pieces, 4);

        Assert.That(frame, Is.EqualTo(LossBaselines.FitMeanFrame(set, 4)), "summed in the same order");
        for (int i = 0; i < pieces.Count; i++)
        {
            var one = new VariableLengthSet(channels, [lengths[i]], _ => signals[i]);
            foreach (var loss in new[] { LossKind.Mse, LossKind.L1 })
            {
                var expected = LossBaselines.Measure(one, frame, 4, loss);
                var windowed = LossBaselines.OfPiece(pieces[i], frame, 4, loss);
                Assert.That(windowed.Zeros, Is.EqualTo(expected.Zeros).Within(1e-9).Percent, $"piece {i}, {loss}");
                Assert.That(windowed.MeanFrame, Is.EqualTo(expected.MeanFrame).Within(1e-9).Percent,
                    $"piece {i}, {loss}");
            }
        }
    }

    [TestCase(LossKind.Mse)]
    [TestCase(LossKind.L1)]
    public void EventPiecesCountedFromTheirIdsGiveTheBaselinesOfTheirRenderedSignals(LossKind loss)
    {
        // pieces of random events, lengths not whole 32-step frames, one that ends inside the first frame
        int[] lengths = [1000, 77, 5, 2049];
        var random = new Random(11);
        var events = lengths.Select(t => Enumerable.Range(0, t)
            .Select(_ => (short)random.Next(PerformanceEvents.EventCount)).ToArray()).ToList();
        var ids = new EventPieceSet(events);
        var rendered = new VariableLengthSet(PerformanceEvents.EventCount, lengths,
            i => EventsRepresentation.OneHot(events[i]));

        var frame = LossBaselines.FitMeanFrame(ids, 32);
        var expected = LossBaselines.Measure(rendered, frame, 32, loss);
        var counted = LossBaselines.Measure(ids, frame, 32, loss);

        Assert.That(frame, Is.EqualTo(LossBaselines.FitMeanFrame(rendered, 32)), "the same ones summed");
        // the same 1.2 M terms in another order: double sums agree within n * 2^-53, about 1e-10 relative
        Assert.That(counted.Zeros, Is.EqualTo(expected.Zeros).Within(1e-8).Percent);
        Assert.That(counted.MeanFrame, Is.EqualTo(expected.MeanFrame).Within(1e-8).Percent);
    }

    [Test]
    public void PaddingIsLeftOutOfBothBaselines()
    {
        var set = new VariableLengthSet(1, [2, 4], i => i == 0 ? [2, 2] : [2, 2, 2, 2]);

        var baselines = LossBaselines.Measure(set, LossBaselines.FitMeanFrame(set, 4), 4, LossKind.Mse);

        Assert.That((baselines.Zeros, baselines.MeanFrame), Is.EqualTo((4.0, 0.0)),
            "the padded zeros of the short item count nowhere");
    }

    [Test]
    public void TrainPrintsTheBaselinesBesideTheLossesAndNamesTheLoss()
    {
        string directory = TrainingFixtures.TempRun();
        try
        {
            var (exit, stdout, stderr) = Run(
                [.. TrainingFixtures.QuickTrain, "--epochs", "2", "--out", Path.Combine(directory, "run")]);

            Assert.That(exit, Is.EqualTo(0), stderr);
            Assert.That(stdout,
                Does.Contain("loss baselines (MSE; the mean frame is the train split's): train all zeros "));
            var summary = Regex.Match(stdout,
                @"train loss +[0-9.]+ MSE \(all zeros ([0-9.eE-]+), mean frame ([0-9.eE-]+)\)");
            Assert.That(summary.Success, stdout);
            double zeros = double.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture);
            double meanFrame = double.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture);
            Assert.That(meanFrame, Is.LessThan(zeros).And.GreaterThan(0),
                "drum grids have a mean pattern, so it beats silence");
            Assert.That(stdout, Does.Match(@"validation loss +[0-9.]+ MSE \(all zeros"));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
