using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Engine;

/// <summary>
/// The hits loss's config and decoding: hit_channels in the checkpoint JSON (absent in older ones), the layouts
/// Validate refuses, and decoded signals whose hit rows are the sigmoid of known logits while value rows and other
/// losses pass as they are.
/// </summary>
public class OutputActivationTests
{
    private static AutoencoderConfig Hits(int channels, int hitChannels) => new()
    {
        InputChannels = channels, Atoms = 3, FrameLength = 4, Loss = LossKind.Hits, HitChannels = hitChannels,
    };

    [Test]
    public void TheConfigStoresHitChannelsAndOlderConfigsWithoutThemStillLoad()
    {
        string json = Hits(27, 9).ToJson();
        Assert.That(json, Does.Contain("\"loss\":\"hits\"").And.Contain("\"hit_channels\":9"));
        Assert.That(AutoencoderConfig.FromJson(json).LossSpec, Is.EqualTo(LossSpec.Hits(9)));

        var old = AutoencoderConfig.FromJson(
            "{\"input_channels\":27,\"atoms\":4,\"frame_length\":16,\"loss\":\"mse\"}");
        Assert.That(old.HitChannels, Is.Zero);
        Assert.That(old.LossSpec, Is.EqualTo(LossSpec.Mse));
    }

    [TestCase(27, 0, "at least one hit channel")]
    [TestCase(27, 6, "whole groups of H value channels")]
    [TestCase(9, 9, "whole groups of H value channels")]
    public void LayoutsTheHitsLossCannotSplitAreAClearError(int channels, int hitChannels, string message)
        => Assert.That(() => Hits(channels, hitChannels).Validate(),
            Throws.ArgumentException.With.Message.Contains(message));

    [Test]
    public void HitChannelsWithoutTheHitsLossAreAClearError()
        => Assert.That(() => (Hits(27, 9) with { Loss = LossKind.Mse }).Validate(),
            Throws.ArgumentException.With.Message.Contains("hits loss only"));

    [TestCase(LossKind.Hits)]
    [TestCase(LossKind.Mse)]
    public void DecodingMapsHitLogitsToProbabilitiesAndLeavesValuesAsTheyAre(LossKind loss)
    {
        var config = Hits(6, 2) with { Loss = loss, HitChannels = loss == LossKind.Hits ? 2 : 0 };
        using var backend = new CpuBackend();
        using var model = new Autoencoder(config, backend, seed: 1);
        // atom 1 [6, 4]: hit rows alternate logits +-3 (and one 0, the 0.5 boundary), value rows small numbers
        var atoms = new float[config.Atoms * 6 * 4];
        for (int i = 0; i < 24; i++) atoms[24 + i] = i < 8 ? (i == 5 ? 0f : i % 2 == 0 ? 3f : -3f) : 0.1f * i;
        backend.Upload(atoms, model.Atoms.Value);
        var code = SparseCode.Zeros(config.Atoms, 2);
        code.Values[1 * 2 + 1] = 1f;   // atom 1 at column 1

        var signal = model.Decode(code);

        Assert.That(signal, Has.Length.EqualTo(6 * 8));
        for (int c = 0; c < 6; c++)
        for (int t = 0; t < 8; t++)
        {
            float raw = t < 4 ? 0f : atoms[24 + c * 4 + t - 4];
            float expected = loss == LossKind.Hits && c < 2 ? 1f / (1f + MathF.Exp(-raw)) : raw;
            Assert.That(signal[c * 8 + t], Is.EqualTo(expected).Within(1e-6), $"[{c}, {t}]");
        }
        if (loss == LossKind.Hits)
            Assert.That(signal[..16].Count(p => p > 0.5f), Is.EqualTo(4), "hits exactly where a logit is positive");
    }
}
