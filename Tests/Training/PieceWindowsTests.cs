using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Tests.Training;

/// <summary>
/// Windows cut from long pieces: every frame of every piece lands in exactly one window, the tail in silence.
/// </summary>
public class PieceWindowsTests
{
    [Test]
    public void TilesEachPieceFromItsStartAndPadsItsLastWindowWithZeros()
    {
        int[] lengths = [10, 4, 8];
        // piece p's frame f holds channel c: 1000 p + 10 f + c + 1 (never 0)
        void Render(int piece, int first, int frames, Span<float> values)
        {
            for (int c = 0; c < 2; c++)
                for (int f = 0; f < frames; f++)
                    values[c * frames + f] = first + f < lengths[piece] ? 1000 * piece + 10 * (first + f) + c + 1 : 0;
        }
        var windows = new PieceWindows(2, lengths, 4, Render);
        Assert.That(windows.Count, Is.EqualTo(3 + 1 + 2));
        var batch = windows.Gather([.. Enumerable.Range(0, windows.Count)]);
        Assert.That((batch.Batch, batch.Channels, batch.Length, batch.ValidLengths),
            Is.EqualTo((6, 2, 4, (int[]?)null)));
        var seen = batch.Values.Where(v => v != 0).Order().ToArray();
        var expected = lengths.SelectMany((length, p) => Enumerable.Range(0, length)
            .SelectMany(f => new[] { 1000f * p + 10 * f + 1, 1000f * p + 10 * f + 2 }))
            .Order().ToArray();
        Assert.That(seen, Is.EqualTo(expected), "every frame once");
        Assert.That(batch.Values.Count(v => v == 0), Is.EqualTo(2 * (2 + 0 + 0)),
            "the first piece's last window runs two frames into silence");
    }

    [Test]
    public void TransientBatchesReuseOneArrayAndMatchFreshOnes()
    {
        int[] lengths = [10, 4, 8];
        // like the piano roll: writes only the piece's frames, relying on zeros past its end
        void Render(int piece, int first, int frames, Span<float> values)
        {
            for (int c = 0; c < 2; c++)
                for (int f = 0; f < frames && first + f < lengths[piece]; f++)
                    values[c * frames + f] = 1000 * piece + 10 * (first + f) + c + 1;
        }
        var windows = new PieceWindows(2, lengths, 4, Render);
        int[][] batches = [[0, 1], [2, 5], [4, 3, 0], [5, 2]];   // windows 2 and 5 run into silence
        float[] previous = [];
        foreach (var indices in batches)
        {
            var transient = windows.GatherTransient(indices);
            Assert.That(transient.Values, Is.EqualTo(windows.Gather(indices).Values), string.Join(",", indices));
            if (transient.Values.Length == previous.Length)
                Assert.That(transient.Values, Is.SameAs(previous), "the same array while B stays");
            previous = transient.Values;
        }
    }
}
