namespace TcnWtaNative.Kernels.Verification;

/// <summary>MSE and L1, value and gradient, without a time mask, with a partial one, and with everything masked out.</summary>
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
    }

    private static ParityCheck Loss(LossKind kind, int batch, int channels, int length, double? maskOn) => new(
        kind == LossKind.Mse ? "mse loss" : "l1 loss",
        $"B={batch} C={channels} T={length} " + (maskOn is { } p ? $"mask p(on)={p}" : "no mask"), h =>
        {
            int size = batch * channels * length;
            var prediction = h.Uniform(size);
            var target = h.Levels(size, 5);
            var timeMask = maskOn is { } on ? h.Mask(batch * length, on) : null;
            var gradient = h.Constant(size, float.NaN);
            h.RunScalar("loss", backend => kind == LossKind.Mse
                ? backend.MseLoss(batch, channels, length, prediction[backend], target[backend], timeMask?[backend], gradient[backend])
                : backend.L1Loss(batch, channels, length, prediction[backend], target[backend], timeMask?[backend], gradient[backend]),
                Tolerance.Float);
            h.Compare("gradient", gradient, Tolerance.Float);
        });
}
