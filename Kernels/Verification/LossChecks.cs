namespace TcnWtaNative.Kernels.Verification;

/// <summary>
/// MSE, L1 and the hits loss, value and gradient, without a time mask, with a partial one, and with everything masked
/// out; the hits loss on one hit channel, on a few, and on the Groove grid's 9 of 27.
/// </summary>
public static class LossChecks
{
    /// <summary>Every loss case.</summary>
    public static IEnumerable<ParityCheck> All()
    {
        foreach (var kind in new[] { LossKind.Mse, LossKind.L1 })
        {
            yield return Loss(kind, batch: 2, channels: 3, length: 17, maskOn: null);
            yield return Loss(kind, batch: 2, channels: 3, length: 17, maskOn: 0.6);
            yield return Loss(kind, batch: 2, channels: 3, length: 17, maskOn: 0.0);
            yield return Loss(kind, batch: 2, channels: 27, length: 300, maskOn: 0.9);
        }
        yield return Hits(batch: 2, channels: 3, hitChannels: 1, length: 17, maskOn: null);
        yield return Hits(batch: 2, channels: 6, hitChannels: 2, length: 17, maskOn: 0.6);
        yield return Hits(batch: 2, channels: 6, hitChannels: 2, length: 17, maskOn: 0.0);
        yield return Hits(batch: 3, channels: 27, hitChannels: 9, length: 300, maskOn: 0.9);
    }

    private static string Describe(int batch, int channels, int length, double? maskOn)
        => $"B={batch} C={channels} T={length} " + (maskOn is { } p ? $"mask p(on)={p}" : "no mask");

    // logits spread over [-6, 6], so the cross-entropy sees both saturated and balanced predictions
    private static ParityCheck Hits(int batch, int channels, int hitChannels, int length, double? maskOn) => new(
        "hit loss", $"H={hitChannels} " + Describe(batch, channels, length, maskOn), h =>
        {
            int size = batch * channels * length;
            var prediction = h.Uniform(size, -6f, 6f);
            var target = h.HitGrid(batch, channels, length, hitChannels);
            var timeMask = maskOn is { } on ? h.Mask(batch * length, on) : null;
            var gradient = h.Constant(size, float.NaN);
            h.RunScalar("loss",
                backend => backend.HitLoss(batch, channels, length, hitChannels, prediction[backend], target[backend],
                timeMask?[backend], gradient[backend]), Tolerance.Float);
            h.Compare("gradient", gradient, Tolerance.Float);
        });

    private static ParityCheck Loss(LossKind kind, int batch, int channels, int length, double? maskOn) => new(
        kind == LossKind.Mse ? "mse loss" : "l1 loss",
        Describe(batch, channels, length, maskOn), h =>
        {
            int size = batch * channels * length;
            var prediction = h.Uniform(size);
            var target = h.Levels(size, 5);
            var timeMask = maskOn is { } on ? h.Mask(batch * length, on) : null;
            var gradient = h.Constant(size, float.NaN);
            h.RunScalar("loss", backend => kind == LossKind.Mse
                ? backend.MseLoss(batch, channels, length, prediction[backend], target[backend], timeMask?[backend],
                    gradient[backend])
                : backend.L1Loss(batch, channels, length, prediction[backend], target[backend], timeMask?[backend],
                    gradient[backend]),
                Tolerance.Float);
            h.Compare("gradient", gradient, Tolerance.Float);
        });
}
