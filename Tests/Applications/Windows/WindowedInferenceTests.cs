using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Tests.Applications.Windows;

/// <summary>
/// A piece coded and decoded in windows of a few frames gives what the whole-piece path gives: the same code, notes
/// and MIDI, and the same loss to float tolerance, for every representation, with and without a TCN front end
/// (whose receptive field the windows' context must cover), by WTA at the model's k, at another k, and by OMP.
/// </summary>
public class WindowedInferenceTests
{
    private CpuBackend _backend = null!;

    [OneTimeSetUp]
    public void Open() => _backend = new CpuBackend();

    [OneTimeTearDown]
    public void Close() => _backend.Dispose();

    [TestCaseSource(typeof(WindowTestPieces), nameof(WindowTestPieces.KindsTcnsAndEncoders))]
    public void WindowsOfThreeFramesGiveTheWholePieceResult(RepresentationKind kind, int[] tcn, CodeEncoder encoder)
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(kind));
        using var trained = WindowTestPieces.Model(_backend, representation, tcn);
        var song = WindowTestPieces.Song(kind);
        var piece = representation.Encode(song);
        var plan = WindowPlan.For(trained.Model.Config, frames: 3);
        Assert.That(plan.Over(piece.Length).Count(), Is.GreaterThan(3), "the piece spans several windows");
        if (tcn.Length > 0)
            Assert.That(plan.ContextFrames, Is.EqualTo(3), "R = 2 (3 - 1) (2^2 - 1) = 12 steps: 3 frames of K = 4");

        foreach (int k in new[] { trained.Model.TopK, 1 })
        {
            var code = trained.Encode(piece, encoder, k);
            var signal = trained.Decode(code, piece.Length);
            var windowed = PieceReconstruction.Run(trained, representation.Windows(song),
                p => trained.Encode(p, encoder, k), plan);

            Assert.That(windowed.Code.Columns, Is.EqualTo(code.Columns));
            Assert.That(windowed.Code.Usage(), Is.EqualTo(code.Usage()),
                $"k = {k}: the code's usage, summed in the same order");
            var windowCodes = WindowedCoding.Code(representation.Windows(song), plan,
                p => trained.Encode(p, encoder, k));
            Assert.That(WindowTestPieces.Joined(windowCodes.Select(w => w.Code)), Is.EqualTo(code.Values),
                $"k = {k}: the code");
            Assert.That(windowed.InputNotes, Is.EqualTo(representation.ToNotes(piece.Signal, piece.Length, piece.Bpm)));
            Assert.That(windowed.Output.Notes(), Is.EqualTo(representation.ToNotes(signal, piece.Length, piece.Bpm)),
                $"k = {k}: the output's notes");
            Assert.That(windowed.Output.Song("x").Notes,
                Is.EqualTo(representation.ToSong(signal, piece.Length, piece.Bpm, piece.Meter, "x").Notes));
            Assert.That(windowed.Loss, Is.EqualTo(MeanSquaredError(piece.Signal, signal)).Within(1e-3).Percent,
                "the loss, to float tolerance");
        }
    }

    [TestCase(RepresentationKind.Events)]
    [TestCase(RepresentationKind.Pianoroll)]
    [TestCase(RepresentationKind.OnsetRoll)]
    [TestCase(RepresentationKind.Groove)]
    public void WindowsReadTheEncodedSignal(RepresentationKind kind)
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(kind));
        var song = WindowTestPieces.Song(kind);
        var piece = representation.Encode(song);
        var windows = representation.Windows(song);
        Assert.That((windows.Channels, windows.Length, windows.Bpm, windows.Meter),
            Is.EqualTo((piece.Channels, piece.Length, piece.Bpm, piece.Meter)));
        var whole = new float[piece.Channels * (piece.Length + 5)];
        windows.Read(0, piece.Length + 5, whole);
        for (int c = 0; c < piece.Channels; c++)
        {
            Assert.That(whole.AsSpan(c * (piece.Length + 5), piece.Length).ToArray(),
                Is.EqualTo(piece.Row(c).ToArray()), $"row {c}");
            Assert.That(whole.AsSpan(c * (piece.Length + 5) + piece.Length, 5).ToArray(), Is.All.Zero,
                "steps past the end");
        }
        int start = piece.Length / 3, count = piece.Length / 4;
        var part = new float[piece.Channels * count];
        windows.Read(start, count, part);
        for (int c = 0; c < piece.Channels; c++)
            Assert.That(part.AsSpan(c * count, count).ToArray(), Is.EqualTo(piece.Row(c).Slice(start, count).ToArray()),
                $"row {c} of a window");
    }

    [Test]
    public void AnExcerptReadsZeroPastItsEnd()
    {
        var piece = new EncodedPiece([1, 2, 3, 4, 5, 6, 7, 8], 2, 4, 120, TimeSignature.Default);
        var excerpt = new FirstStepsWindows(new DenseSignalWindows(piece), 3);
        var window = new float[2 * 3];
        excerpt.Read(1, 3, window);
        Assert.That(excerpt.Length, Is.EqualTo(3));
        Assert.That(window, Is.EqualTo(new float[] { 2, 3, 0, 6, 7, 0 }));
        Assert.That(new FirstStepsWindows(new DenseSignalWindows(piece), 10).Length, Is.EqualTo(4),
            "a longer excerpt is the piece");
    }

    [Test]
    public void SpatialSparsityCodesThePieceAsOneWindow()
    {
        var config = new AutoencoderConfig { InputChannels = 27, Atoms = 6, FrameLength = 4,
            Sparsity = SparsityKind.Spatial };
        var plan = WindowPlan.For(config, frames: 3);
        Assert.That(plan.Over(4000).Select(w => w.Columns), Is.EqualTo(new[] { 1000 }));
    }

    // the whole piece's MSE summed in double: the reference both paths approach
    private static double MeanSquaredError(float[] input, float[] output)
        => input.Zip(output, (x, y) => (double)(y - x) * (y - x)).Sum() / input.Length;
}
