using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Applications.Windows;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// The decoded-frame features (<see cref="DrumFrames"/>: decoded-mean, decoded-profile) of a drum model's code,
/// against a host decode of the same code, and what must not change them.
/// </summary>
public class DecodedFramesTests
{
    private const int Classes = DrumMapping.ClassCount, Channels = 3 * Classes;
    private CpuBackend _backend = null!;

    [SetUp]
    public void Open() => _backend = new CpuBackend();

    [TearDown]
    public void Close() => _backend.Dispose();

    [TestCase(CodeEncoder.Wta)]
    [TestCase(CodeEncoder.Gain)]
    [TestCase(CodeEncoder.Union)]
    public void ThePieceFeaturesAreTheMeanAndProfileOfAHostDecodeOfItsCode(CodeEncoder encoder)
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.Groove));
        using var trained = ModelWithAtoms(representation);
        string dir = TestData.TempDir();
        try
        {
            string path = Path.Combine(dir, "piece.mid");
            MidiOutput.Write(WindowTestPieces.Song(RepresentationKind.Groove), path);
            var piece = trained.EncodeFile(path);
            int k = trained.Model.Config.FrameLength;

            var features = PieceFeatures.Extract(trained, [new LabeledPiece(path, "a", "test")], encoder: encoder)
                .Rows.Single();

            var code = trained.Encode(piece, encoder);
            var signal = encoder == CodeEncoder.Wta ? HostDecode(trained, code) : HostUnionDecode(trained, code);
            if (encoder != CodeEncoder.Wta)
                Assert.That(signal, Is.Not.EqualTo(HostDecode(trained, code)).Within(1e-3),
                    "the union decode differs from the linear one here, so the case tells them apart");
            var (mean, profile) = HostFeatures(signal, code.Columns, k);
            Assert.That(profile.Take(Classes * k).Any(rate => rate > 0), "the code decodes some hits");
            Assert.That(features.Decoded!.Mean, Is.EqualTo(mean).Within(1e-5));
            Assert.That(features.Decoded.Profile, Is.EqualTo(profile).Within(1e-5));
            Assert.That(FeatureSet.Code("decoded-mean").Of(features), Is.EqualTo(features.Decoded.Mean));
            Assert.That(FeatureSet.Code("decoded-profile").Of(features), Is.EqualTo(features.Decoded.Profile));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void AnAllZeroCodeGivesZeros()
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.Groove));
        using var trained = ModelWithAtoms(representation);
        int k = trained.Model.Config.FrameLength;
        var frames = new DrumFrames.Accumulator(Channels, k);

        frames.Add(trained.Decode(SparseCode.Zeros(trained.Model.Config.Atoms, 5), 5 * k), 5);

        Assert.That(frames.Result().Mean, Has.Length.EqualTo(Channels * k).And.All.Zero);
        Assert.That(frames.Result().Profile, Has.Length.EqualTo(3 * Classes * k).And.All.Zero);
    }

    [Test]
    public void DoublingTheFramesOfACodeKeepsItsFeatures()
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.Groove));
        using var trained = ModelWithAtoms(representation);
        int k = trained.Model.Config.FrameLength, atoms = trained.Model.Config.Atoms;
        var random = new Random(4);
        var code = SparseCode.Zeros(atoms, 6);
        for (int l = 0; l < code.Columns; l++) code.Values[random.Next(atoms) * code.Columns + l] = 1.5f;
        var doubled = new SparseCode(atoms, 12, WindowTestPieces.Joined([code, code]));
        var (once, twice) = (new DrumFrames.Accumulator(Channels, k), new DrumFrames.Accumulator(Channels, k));

        once.Add(trained.Decode(code, 6 * k), 6);
        twice.Add(trained.Decode(doubled, 12 * k), 12);

        Assert.That(once.Result().Profile.Take(Classes * k).Any(rate => rate > 0), "the code decodes some hits");
        Assert.That(twice.Result().Mean, Is.EqualTo(once.Result().Mean).Within(1e-12));
        Assert.That(twice.Result().Profile, Is.EqualTo(once.Result().Profile).Within(1e-12));
    }

    [Test]
    public void WindowsPoolToTheWholeDecode()
    {
        const int k = 2;
        var random = new Random(8);
        var signal = Enumerable.Range(0, Channels * 5 * k).Select(_ => (float)random.NextDouble()).ToArray();
        var whole = new DrumFrames.Accumulator(Channels, k);
        whole.Add(signal, 5);
        var windowed = new DrumFrames.Accumulator(Channels, k);
        foreach (var (first, frames) in new[] { (0, 2), (2, 3) })
            windowed.Add(SignalRows.Slice(signal, Channels, 5 * k, first * k, frames * k), frames);

        Assert.That(windowed.Result().Mean, Is.EqualTo(whole.Result().Mean).Within(1e-12));
        Assert.That(windowed.Result().Profile, Is.EqualTo(whole.Result().Profile).Within(1e-12));
    }

    [Test]
    public void APianoModelHasNoDecodedFeatures()
    {
        var piano = new PieceFeatures(new LabeledPiece("a.mid", "a", "test"),
            new PooledCode.Accumulator(2).Result(), new Dictionary<string, double[]>());

        Assert.That(() => FeatureSet.Code("decoded-profile").Of(piano),
            Throws.ArgumentException.With.Message.Contains("need a drum (Groove) model"));
        Assert.That(() => FeatureSet.Code("max+decoded-profile").Of(piano), Throws.ArgumentException);
        Assert.That(FeatureSet.DefaultNames(RepresentationKind.Pianoroll), Does.Not.Contain("decoded-mean"));
        Assert.That(FeatureSet.DefaultNames(RepresentationKind.Groove),
            Does.Contain("decoded-mean").And.Contain("decoded-profile").And.Not.Contain("intervals"));
        Assert.That(() => new DrumFrames.Accumulator(88, 4),
            Throws.ArgumentException.With.Message.Contains("27 channels, not 88"));
    }

    // the windowed test model (10 atoms of K = 4, no TCN) with decoder atoms drawn in [-1, 1], so codes light hits
    private TrainedModel ModelWithAtoms(IMusicRepresentation representation)
    {
        var trained = WindowTestPieces.Model(_backend, representation, []);
        var random = new Random(2);
        var atoms = new float[trained.Model.Atoms.Count];
        for (int i = 0; i < atoms.Length; i++) atoms[i] = (float)(2 * random.NextDouble() - 1);
        _backend.Upload(atoms, trained.Model.Atoms.Value);
        return trained;
    }

    // code [N, L] -> y[c, l K + j] = sum_n code[n, l] W_dec[n, c, j] on the host, through the output activation
    private static float[] HostDecode(TrainedModel trained, SparseCode code)
    {
        var config = trained.Model.Config;
        int k = config.FrameLength, steps = code.Columns * k;
        var atoms = new float[trained.Model.Atoms.Count];
        trained.Model.Backend.Download(trained.Model.Atoms.Value, atoms);
        var signal = new float[Channels * steps];
        for (int n = 0; n < code.Atoms; n++)
            for (int l = 0; l < code.Columns; l++)
                for (int c = 0; c < Channels; c++)
                    for (int j = 0; j < k; j++)
                        signal[c * steps + l * k + j] += code[n, l] * atoms[(n * Channels + c) * k + j];
        OutputActivation.Apply(config, signal, steps);
        return signal;
    }

    // code [N, L] -> y [27, L K] as the union of g · atom's lit hits: at each hit cell (drum d, step j) of column l
    // the entry with the largest g · h, h = W_dec[n, d, j] (the lowest atom on ties), lights the cell where g · h is
    // above 0.5: 1 on the hit row c = d and W_dec[n, c, j] / h (clamped to [0, 1] and [-1, 1]) on its velocity and
    // offset rows c = 9 + d, 18 + d; a dark cell is 0 on all three; no output activation (the union decode reads the
    // raw atoms)
    private static float[] HostUnionDecode(TrainedModel trained, SparseCode code)
    {
        int k = trained.Model.Config.FrameLength, steps = code.Columns * k;
        var atoms = new float[trained.Model.Atoms.Count];
        trained.Model.Backend.Download(trained.Model.Atoms.Value, atoms);
        var signal = new float[Channels * steps];
        for (int l = 0; l < code.Columns; l++)
        {
            var entries = Enumerable.Range(0, code.Atoms).Where(n => code[n, l] != 0).ToList();
            if (entries.Count == 0) continue;
            for (int d = 0; d < Classes; d++)
                for (int j = 0; j < k; j++)
                {
                    float Lit(int n) => code[n, l] * atoms[(n * Channels + d) * k + j];
                    int best = entries.Aggregate((a, b) => Lit(b) > Lit(a) ? b : a);
                    float h = atoms[(best * Channels + d) * k + j];
                    if (!(Lit(best) > 0.5f)) continue;
                    for (int row = d; row < Channels; row += Classes)
                    {
                        float value = atoms[(best * Channels + row) * k + j];
                        signal[row * steps + l * k + j] = row < Classes ? 1f
                            : Math.Clamp(value / h, row < 2 * Classes ? 0f : -1f, 1f);
                    }
                }
        }
        return signal;
    }

    // the mean frame [27, K], and per (drum, step) the hit rate above 0.5, and the velocity and offset where hit
    private static (double[] Mean, double[] Profile) HostFeatures(float[] signal, int frames, int k)
    {
        int steps = frames * k;
        var mean = new double[Channels * k];
        var profile = new double[3 * Classes * k];
        for (int c = 0; c < Channels; c++)
            for (int j = 0; j < k; j++)
                mean[c * k + j] = Enumerable.Range(0, frames).Average(l => (double)signal[c * steps + l * k + j]);
        for (int d = 0; d < Classes; d++)
            for (int j = 0; j < k; j++)
            {
                var hit = Enumerable.Range(0, frames).Where(l => signal[d * steps + l * k + j] > 0.5f).ToList();
                profile[d * k + j] = hit.Count / (double)frames;
                if (hit.Count == 0) continue;
                profile[(Classes + d) * k + j] = hit.Average(l => (double)signal[(Classes + d) * steps + l * k + j]);
                profile[(2 * Classes + d) * k + j] =
                    hit.Average(l => (double)signal[(2 * Classes + d) * steps + l * k + j]);
            }
        return (mean, profile);
    }
}
