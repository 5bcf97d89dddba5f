using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications.Windows;

/// <summary>
/// Small untrained models and short random pieces for comparing windowed paths with whole-piece ones.
/// </summary>
internal static class WindowTestPieces
{
    /// <summary>
    /// Each representation, without a TCN and with TCN widths 6, 5: test cases (kind, widths) named for both.
    /// </summary>
    public static IEnumerable<TestCaseData> KindsAndTcns()
    {
        RepresentationKind[] kinds =
            [RepresentationKind.Events, RepresentationKind.Pianoroll, RepresentationKind.OnsetRoll,
                RepresentationKind.Groove];
        foreach (var kind in kinds)
            foreach (int[] tcn in new[] { Array.Empty<int>(), [6, 5] })
                yield return new TestCaseData(kind, tcn)
                    .SetArgDisplayNames(kind.ToString(), tcn.Length == 0 ? "no TCN" : "TCN 6,5");
    }

    /// <summary>Each of <see cref="KindsAndTcns"/> coded by WTA and by OMP: test cases (kind, widths,
    /// encoder).</summary>
    public static IEnumerable<TestCaseData> KindsTcnsAndEncoders()
    {
        foreach (var setup in KindsAndTcns())
            foreach (var encoder in new[] { CodeEncoder.Wta, CodeEncoder.Omp })
                yield return new TestCaseData(setup.Arguments[0], setup.Arguments[1], encoder)
                    .SetArgDisplayNames([.. setup.ArgDisplayNames!, encoder.ToString()]);
    }

    /// <summary>
    /// An untrained model of 10 atoms of K = 4 at k = 3 for <paramref name="representation"/>, with TCN widths
    /// <paramref name="tcn"/>.
    /// </summary>
    public static TrainedModel Model(IComputeBackend backend, IMusicRepresentation representation, int[] tcn)
    {
        var config = new AutoencoderConfig
        {
            InputChannels = representation.Channels, Atoms = 10, FrameLength = 4, TcnWidths = tcn, TcnKernel = 3,
            Sparsity = SparsityKind.ChannelTopK, TopK = 3,
        };
        return new TrainedModel(new Autoencoder(config, backend, seed: 11), representation, "test.safetensors");
    }

    /// <summary>
    /// <paramref name="notes"/> random notes 50 ms apart (piano) or about twice as many steps of one hit (drums), from
    /// <paramref name="seed"/>, so the piece is a few hundred steps at most.
    /// </summary>
    public static MidiSong Song(RepresentationKind kind, int seed = 5, int notes = 60)
    {
        var random = new Random(seed);
        if (kind == RepresentationKind.Groove)
        {
            int steps = notes * 5 / 2;
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
        var played = Enumerable.Range(0, notes).Select(i =>
        {
            double start = i * 0.05 + random.NextDouble() * 0.03;
            return new TimedNote(40 + random.Next(40), random.Next(20, 127), start,
                start + 0.02 + random.NextDouble() * 0.4);
        });
        return PianoMidi.ToSong([.. played]);
    }

    /// <summary>Codes [N, columns] in order joined into one [N, sum of columns], row-major.</summary>
    public static float[] Joined(IEnumerable<SparseCode> windows)
    {
        var codes = windows.ToList();
        int atoms = codes[0].Atoms, columns = codes.Sum(c => c.Columns);
        var values = new float[atoms * columns];
        int first = 0;
        foreach (var code in codes)
        {
            for (int n = 0; n < atoms; n++)
                Array.Copy(code.Values, n * code.Columns, values, n * columns + first, code.Columns);
            first += code.Columns;
        }
        return values;
    }
}
