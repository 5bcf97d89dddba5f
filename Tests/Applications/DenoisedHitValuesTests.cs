using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// <see cref="Denoising.Denoise"/> plays a linear decode's hits at their values over the hit value
/// (<see cref="DecodedHits.ReadGivenHit"/>), on the model trained on synthetic drum patterns and a noisy piece.
/// </summary>
public class DenoisedHitValuesTests : SyntheticModelFixture
{
    [Test]
    public void TheDecodedHitsPlayTheirVelocityAndOffsetOverTheirHitValue()
    {
        const CodeEncoder encoder = CodeEncoder.Wta; // the gain search lights this model's hits at 1: nothing to see
        var clean = PieceReader.Read(Trained, TestModels.SyntheticSequence(Out("noisy.mid"), [0, 1, 2, 3, 1]));
        var piece = new DenseSignalWindows(NoiseInjection.Apply(clean, new HitNoise(1), seed: 3).Noisy);
        // the expected song: the plain decode, each window's values divided by the hit value here
        var expected = Trained.Representation.Assembler(piece.Bpm, piece.Meter);
        var plain = PieceReconstruction.Run(Trained, piece, p => Trained.Encode(p, encoder, 1), encoder: encoder,
            refine: (input, decoded, first) =>
            {
                int steps = input.Length / GrooveGrid.Channels;
                var played = (float[])decoded.Clone();
                for (int cell = 0; cell < DrumMapping.ClassCount * steps; cell++)
                {
                    float hit = decoded[cell];
                    if (hit < 0.05f) continue;
                    int velocity = GrooveGrid.VelocityChannel * steps + cell;
                    int offset = GrooveGrid.OffsetChannel * steps + cell;
                    played[velocity] = Math.Clamp(decoded[velocity] / hit, 1f / 127, 1f);
                    played[offset] = Math.Clamp(decoded[offset] / hit, -1f, 1f);
                }
                expected.Append(played, steps);
            });

        var denoised = Denoising.Denoise(Trained, piece, 1, null, encoder);

        Assert.That(denoised.Output.Notes(), Is.EqualTo(expected.Notes()));
        Assert.That(denoised.Output.Notes().Select(n => n.Velocity),
            Is.Not.EqualTo(plain.Output.Notes().Select(n => n.Velocity)), "the plain decode plays other velocities");
    }
}
