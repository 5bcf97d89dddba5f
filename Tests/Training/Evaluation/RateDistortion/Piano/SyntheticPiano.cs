using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// Small piano pieces for the rate–distortion tests, without the dataset: a 0.4 s figure (two notes of 0.2 s)
/// repeated, in a piano roll at 20 frames per second, so one 8-step model frame is one figure; a MAESTRO-shaped folder
/// of such pieces; and models whose encoder is tied to given atoms.
/// </summary>
internal static class SyntheticPiano
{
    public const double FramesPerSecond = 20;
    public const int FrameLength = 8;

    public static PianoRollRepresentation Roll { get; } = new(FramesPerSecond);

    /// <summary>The figure low-high, each note 0.2 s, <paramref name="repeats"/> times: 8 steps per repeat.</summary>
    public static TimedNote[] Figure(int low, int high, int repeats)
        => [.. Enumerable.Range(0, repeats).SelectMany(r => new TimedNote[]
        {
            new(low, 80, r * 0.4, r * 0.4 + 0.2), new(high, 80, r * 0.4 + 0.2, r * 0.4 + 0.4),
        })];

    /// <summary>The notes encoded by the piano roll.</summary>
    public static EncodedPiece Piece(TimedNote[] notes) => Roll.Encode(PianoMidi.ToSong(notes));

    /// <summary>The first 8-step frame of a piece, [C, 8]: one figure.</summary>
    public static float[] FirstFrame(EncodedPiece piece)
        => BarSegments.Cut(piece.Signal, 1, piece.Channels, piece.Length,
            FrameLength)[..(piece.Channels * FrameLength)];

    /// <summary>A MAESTRO-shaped folder: the index csv and one MIDI file per (split, notes), in that order.</summary>
    public static string Folder(params (string Split, TimedNote[] Notes)[] pieces)
    {
        string dir = TestData.TempDir();
        var csv = new List<string>
        {
            "canonical_composer,canonical_title,split,year,midi_filename,audio_filename,duration"
        };
        for (int i = 0; i < pieces.Length; i++)
        {
            string file = $"piece{i}.midi";
            MidiOutput.Write(PianoMidi.ToSong(pieces[i].Notes), Path.Combine(dir, file));
            csv.Add(
                $"Composer {i},Title {i},{pieces[i].Split},2018,{file},piece{i}.wav,{pieces[i].Notes.Max(n => n.End)}");
        }
        File.WriteAllLines(Path.Combine(dir, MaestroIndex.CsvFileName), csv);
        return dir;
    }

    /// <summary>
    /// A piano-roll model whose atoms are the given frames [C, 8] at unit norm and whose encoder equals them (no TCN,
    /// MSE): a frame that is a multiple of an atom orthogonal to the others is coded and decoded exactly.
    /// </summary>
    public static Autoencoder TiedModel(IComputeBackend backend, IReadOnlyList<float[]> frames, int k)
    {
        var config = new AutoencoderConfig { InputChannels = Roll.Channels, Atoms = frames.Count,
            FrameLength = FrameLength, TopK = k };
        var model = new Autoencoder(config, backend, seed: 1);
        var atoms = frames.SelectMany(UnitNorm).ToArray();
        backend.Upload(atoms, model.Atoms.Value);
        backend.Upload(atoms, model.EncoderWeight.Value);
        return model;
    }

    private static IEnumerable<float> UnitNorm(float[] frame)
    {
        double norm = Math.Sqrt(frame.Sum(v => (double)v * v));
        return frame.Select(v => (float)(v / norm));
    }

    /// <summary>Saves a model as a piano-roll checkpoint at 20 frames per second.</summary>
    public static void Save(string path, Autoencoder model)
        => ModelCheckpoint.Save(path, model, extraMetadata: new Dictionary<string, string>
        {
            [RepresentationSettings.MetadataKey] = Roll.Settings.ToJson(),
        });
}
