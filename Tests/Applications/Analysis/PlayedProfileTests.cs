using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Applications.Windows;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// The "played profile" baseline (<see cref="PieceFeatures.PlayedProfile"/>): the input grid's own hit rate, mean
/// velocity and mean offset per drum class and step of the model's frame, on a hand-built drum piece.
/// </summary>
public class PlayedProfileTests
{
    private const int Classes = DrumMapping.ClassCount;

    [Test]
    public void ThePlayedProfileCountsTheInputsHitsVelocitiesAndOffsetsPerDrumAndStep()
    {
        // kick on step 0 of frames 0 and 1, played at velocity 64 half a step late (offset ×2 = 0.5) then 127 on the
        // grid; snare on step 1 of frame 1 at velocity 100, a quarter step early (offset ×2 = −0.5); 6 steps, so the
        // second frame of K = 4 is padded with zeros
        const int steps = 6, snare = 1;
        var grid = new float[GrooveGrid.Channels * steps];
        void Hit(int drum, int step, int velocity, float offset)
        {
            grid[drum * steps + step] = 1;
            grid[(GrooveGrid.VelocityChannel + drum) * steps + step] = velocity / 127f;
            grid[(GrooveGrid.OffsetChannel + drum) * steps + step] = offset;
        }
        Hit(0, 0, 64, 0.5f);
        Hit(0, 4, 127, 0);
        Hit(snare, 5, 100, -0.5f);
        var representation = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.Groove));
        using var backend = new CpuBackend();
        using var trained = WindowTestPieces.Model(backend, representation, []);
        int k = trained.Model.Config.FrameLength;
        string dir = TestData.TempDir();
        try
        {
            string path = Path.Combine(dir, "piece.mid");
            MidiOutput.Write(GrooveDecoder.ToSong(grid, steps, 100), path);
            int frames = (trained.EncodeFile(path).Length + k - 1) / k;

            var features = PieceFeatures.Extract(trained, [new LabeledPiece(path, "a", "test")]).Rows.Single();

            var profile = features.Baselines[PieceFeatures.PlayedProfile];
            var expected = new double[3 * Classes * k];
            expected[0] = 2.0 / frames;
            expected[snare * k + 1] = 1.0 / frames;
            expected[Classes * k] = (64 + 127) / 2.0 / 127;
            expected[(Classes + snare) * k + 1] = 100 / 127.0;
            expected[2 * Classes * k] = 0.25;
            expected[(2 * Classes + snare) * k + 1] = -0.5;
            Assert.That(frames, Is.GreaterThanOrEqualTo(2), "the grid holds both frames");
            Assert.That(profile, Is.EqualTo(expected).Within(0.01), "offsets come back within a MIDI tick");
            Assert.That(FeatureSet.Baselines(RepresentationKind.Groove).Select(b => b.Name),
                Is.EqualTo(new[] { PieceFeatures.DrumClasses, PieceFeatures.PlayedProfile }));
            Assert.That(FeatureSet.Code("max+baselines").Of(features),
                Has.Length.EqualTo(trained.Model.Config.Atoms + Classes), "the code beside the histogram alone");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
