using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
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

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var kind in new[] { RepresentationKind.Events, RepresentationKind.Pianoroll, RepresentationKind.OnsetRoll, RepresentationKind.Groove })
            foreach (int[] tcn in new[] { Array.Empty<int>(), [6, 5] })
                foreach (var encoder in new[] { CodeEncoder.Wta, CodeEncoder.Omp })
                    yield return new TestCaseData(kind, tcn, encoder).SetArgDisplayNames(kind.ToString(), tcn.Length == 0 ? "no TCN" : "TCN 6,5", encoder.ToString());
    }

    [TestCaseSource(nameof(Cases))]
    public void WindowsOfThreeFramesGiveTheWholePieceResult(RepresentationKind kind, int[] tcn, CodeEncoder encoder)
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(kind));
        using var trained = Model(representation, tcn);
        var song = Song(kind);
        var piece = representation.Encode(song);
        var plan = WindowPlan.For(trained.Model.Config, frames: 3);
        Assert.That(plan.Over(piece.Length).Count(), Is.GreaterThan(3), "the piece spans several windows");
        if (tcn.Length > 0) Assert.That(plan.ContextFrames, Is.EqualTo(3), "R = 2 (3 - 1) (2^2 - 1) = 12 steps: 3 frames of K = 4");

        foreach (int k in new[] { trained.Model.TopK, 1 })
        {
            var code = trained.Encode(piece, encoder, k);
            var signal = trained.Decode(code, piece.Length);
            var windowed = PieceReconstruction.Run(trained, representation.Windows(song), p => trained.Encode(p, encoder, k), plan);

            Assert.That(windowed.Code.Columns, Is.EqualTo(code.Columns));
            Assert.That(windowed.Code.Usage(), Is.EqualTo(code.Usage()), $"k = {k}: the code's usage, summed in the same order");
            Assert.That(Joined(WindowedCoding.Code(representation.Windows(song), plan, p => trained.Encode(p, encoder, k))), Is.EqualTo(code.Values), $"k = {k}: the code");
            Assert.That(windowed.InputNotes, Is.EqualTo(representation.ToNotes(piece.Signal, piece.Length, piece.Bpm)));
            Assert.That(windowed.Output.Notes(), Is.EqualTo(representation.ToNotes(signal, piece.Length, piece.Bpm)), $"k = {k}: the output's notes");
            Assert.That(windowed.Output.Song("x").Notes, Is.EqualTo(representation.ToSong(signal, piece.Length, piece.Bpm, piece.Meter, "x").Notes));
            Assert.That(windowed.Loss, Is.EqualTo(MeanSquaredError(piece.Signal, signal)).Within(1e-3).Percent, "the loss, to float tolerance");
        }
    }

    [TestCase(RepresentationKind.Events)]
    [TestCase(RepresentationKind.Pianoroll)]
    [TestCase(RepresentationKind.OnsetRoll)]
    [TestCase(RepresentationKind.Groove)]
    public void WindowsReadTheEncodedSignal(RepresentationKind kind)
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(kind));
        var song = Song(kind);
        var piece = representation.Encode(song);
        var windows = representation.Windows(song);
        Assert.That((windows.Channels, windows.Length, windows.Bpm, windows.Meter), Is.EqualTo((piece.Channels, piece.Length, piece.Bpm, piece.Meter)));
        var whole = new float[piece.Channels * (piece.Length + 5)];
        windows.Read(0, piece.Length + 5, whole);
        for (int c = 0; c < piece.Channels; c++)
        {
            Assert.That(whole.AsSpan(c * (piece.Length + 5), piece.Length).ToArray(), Is.EqualTo(piece.Row(c).ToArray()), $"row {c}");
            Assert.That(whole.AsSpan(c * (piece.Length + 5) + piece.Length, 5).ToArray(), Is.All.Zero, "steps past the end");
        }
        int start = piece.Length / 3, count = piece.Length / 4;
        var part = new float[piece.Channels * count];
        windows.Read(start, count, part);
        for (int c = 0; c < piece.Channels; c++)
            Assert.That(part.AsSpan(c * count, count).ToArray(), Is.EqualTo(piece.Row(c).Slice(start, count).ToArray()), $"row {c} of a window");
    }

    [Test]
    public void SpatialSparsityCodesThePieceAsOneWindow()
    {
        var config = new AutoencoderConfig { InputChannels = 27, Atoms = 6, FrameLength = 4, Sparsity = SparsityKind.Spatial };
        var plan = WindowPlan.For(config, frames: 3);
        Assert.That(plan.Over(4000).Select(w => w.Columns), Is.EqualTo(new[] { 1000 }));
    }

    private TrainedModel Model(IMusicRepresentation representation, int[] tcn)
    {
        var config = new AutoencoderConfig
        {
            InputChannels = representation.Channels, Atoms = 10, FrameLength = 4, TcnWidths = tcn, TcnKernel = 3,
            Sparsity = SparsityKind.ChannelTopK, TopK = 3,
        };
        return new TrainedModel(new Autoencoder(config, _backend, seed: 11), representation, "test.safetensors");
    }

    // a minute of random notes (piano) or two-hit steps (drums), so the piece is a few hundred steps at most
    private static MidiSong Song(RepresentationKind kind)
    {
        var random = new Random(5);
        if (kind == RepresentationKind.Groove)
        {
            int steps = 150;
            var grid = new float[GrooveGrid.Channels * steps];
            for (int t = 0; t < steps; t += 1 + random.Next(2))
            {
                int drum = random.Next(DrumMapping.ClassCount);
                grid[drum * steps + t] = 1;
                grid[(GrooveGrid.VelocityChannel + drum) * steps + t] = random.Next(20, 127) / 127f;
                grid[(GrooveGrid.OffsetChannel + drum) * steps + t] = (float)(random.NextDouble() - 0.5);
            }
            return GrooveDecoder.ToSong(grid, steps, 100);
        }
        var notes = Enumerable.Range(0, 60).Select(i =>
        {
            double start = i * 0.05 + random.NextDouble() * 0.03;
            return new TimedNote(40 + random.Next(40), random.Next(20, 127), start, start + 0.02 + random.NextDouble() * 0.4);
        });
        return PianoMidi.ToSong([.. notes]);
    }

    private static float[] Joined(IEnumerable<CodedWindow> windows)
    {
        var codes = windows.Select(w => w.Code).ToList();
        int atoms = codes[0].Atoms, columns = codes.Sum(c => c.Columns);
        var values = new float[atoms * columns];
        int first = 0;
        foreach (var code in codes)
        {
            for (int n = 0; n < atoms; n++) Array.Copy(code.Values, n * code.Columns, values, n * columns + first, code.Columns);
            first += code.Columns;
        }
        return values;
    }

    // the whole piece's MSE summed in double: the reference both paths approach
    private static double MeanSquaredError(float[] input, float[] output)
        => input.Zip(output, (x, y) => (double)(y - x) * (y - x)).Sum() / input.Length;
}
