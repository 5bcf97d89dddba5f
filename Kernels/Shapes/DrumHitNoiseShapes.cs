namespace TcnWtaNative.Kernels;

/// <summary>Checks of <see cref="IComputeBackend.AddDrumHitNoise"/>, shared by every backend.</summary>
public static class DrumHitNoiseShapes
{
    /// <summary>The most extra hits per hit the noise may ask for.</summary>
    public const double MaxExtraRate = 10;

    /// <summary>
    /// Checks the sizes (B, T &gt;= 0, D &gt;= 1), the noise (rate in [0, 10], share and velocity in [0, 1], a frame
    /// length of 0 or one dividing T) and the buffers: clean and noisy [B, 3D, T], steps [B] when given.
    /// </summary>
    public static void Check(int batch, int drums, int length, DeviceBuffer clean, DeviceBuffer? steps,
        DrumHitNoise noise, DeviceBuffer noisy)
    {
        if (batch < 0 || length < 0 || drums < 1)
            throw new ArgumentOutOfRangeException(nameof(drums),
                $"drum hit noise needs B >= 0, D >= 1 and T >= 0, got B = {batch}, D = {drums}, T = {length}");
        if (!(noise.ExtraRate >= 0 && noise.ExtraRate <= MaxExtraRate)
            || !(noise.DropFraction >= 0 && noise.DropFraction <= 1)
            || !(noise.QuantizedVelocity >= 0 && noise.QuantizedVelocity <= 1))
            throw new ArgumentOutOfRangeException(nameof(noise),
                $"drum hit noise needs a rate in [0, {MaxExtraRate}], a share and a velocity in [0, 1], got "
                + $"{noise.ExtraRate}, {noise.DropFraction} and {noise.QuantizedVelocity}");
        if (noise.FrameLength < 0 || noise.FrameLength > 0 && length % noise.FrameLength != 0)
            throw new ArgumentOutOfRangeException(nameof(noise),
                $"drum hit noise on items of {length} steps laid out as frames of {noise.FrameLength} steps: the "
                + "frame length must be 0 (one grid an item) or divide the item's length");
        long size = 3L * batch * drums * length;
        ConvShapes.Expect(clean, size, "drum hit noise clean batch");
        ConvShapes.Expect(noisy, size, "drum hit noise noisy batch");
        if (steps is not null) ConvShapes.Expect(steps, batch, "drum hit noise valid steps");
    }

    /// <summary>An item's valid steps as its steps entry gives them (a float), within [0, T].</summary>
    public static int ValidSteps(float steps, int length) => !(steps > 0f) ? 0 : steps >= length ? length : (int)steps;
}
